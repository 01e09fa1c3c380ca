namespace Persona4Rec.Offline;

/// <summary>How the timestamp column of a CSV review file is written.</summary>
public enum CsvTimestampFormat
{
    /// <summary>Whole seconds since 1970-01-01 UTC, for example <c>1393545600</c>.</summary>
    UnixSeconds,

    /// <summary>Whole milliseconds since 1970-01-01 UTC, for example <c>1588687728923</c>.</summary>
    UnixMilliseconds,

    /// <summary>
    /// ISO 8601: <c>2018-07-07</c>, <c>2018-07-07T22:09:11</c> (or with a space for the <c>T</c>), with
    /// optional fractional seconds and an optional <c>Z</c> or <c>±hh:mm</c> offset. A time without an
    /// offset is taken as UTC.
    /// </summary>
    Iso8601,

    /// <summary>
    /// The .NET custom format string in <see cref="CsvReviewColumns.TimestampCustomFormat"/>, parsed with
    /// the invariant culture; a time without an offset is taken as UTC.
    /// </summary>
    Custom,
}
