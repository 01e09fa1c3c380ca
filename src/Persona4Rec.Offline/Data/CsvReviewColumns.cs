namespace Persona4Rec.Offline;

/// <summary>
/// Names the columns of a CSV review file for <see cref="ReviewFileReader.ReadCsv"/>. The file must
/// have a header row; names are matched exactly (case-sensitive) against it.
/// </summary>
/// <example>
/// <code>
/// var columns = new CsvReviewColumns { UserId = "user", ItemId = "product", Text = "body", Rating = "stars", Timestamp = "date", TimestampFormat = CsvTimestampFormat.Iso8601 };
/// ReviewFileResult data = ReviewFileReader.ReadCsv("reviews.csv.gz", columns);
/// </code>
/// </example>
public sealed class CsvReviewColumns
{
    /// <summary>The column holding the reviewer's id. Required; an empty cell makes the row bad.</summary>
    public required string UserId { get; init; }

    /// <summary>The column holding the reviewed item's id. Required; an empty cell makes the row bad.</summary>
    public required string ItemId { get; init; }

    /// <summary>The column holding the review body. Required; an empty cell reads as empty text.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// The column holding a unique review id, or <see langword="null"/> (the default) to make one:
    /// <c>{user}:{item}</c>, or <c>{user}:{item}:{unix milliseconds}</c> when <see cref="Timestamp"/>
    /// is mapped. A made-up id that repeats (the same user reviewing the same item twice, at the same
    /// time) makes the later row a bad line, so map a real id column when the file has one.
    /// </summary>
    public string? ReviewId { get; init; }

    /// <summary>
    /// The column holding the rating (a number from 0 to 10, invariant culture), or
    /// <see langword="null"/> (the default) for none. An empty cell reads as no rating.
    /// </summary>
    public string? Rating { get; init; }

    /// <summary>The column holding the review title or summary, or <see langword="null"/> (the default) for none.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The column holding when the review was written, in <see cref="TimestampFormat"/>, or
    /// <see langword="null"/> (the default) for none. Without it, or for an empty cell, the timestamp
    /// is 1970-01-01 UTC, as in the JSON readers.
    /// </summary>
    public string? Timestamp { get; init; }

    /// <summary>How <see cref="Timestamp"/> is written. Default: <see cref="CsvTimestampFormat.UnixSeconds"/>.</summary>
    public CsvTimestampFormat TimestampFormat { get; init; } = CsvTimestampFormat.UnixSeconds;

    /// <summary>
    /// The .NET custom date and time format string (for example <c>yyyy-MM-dd HH:mm:ss</c>) when
    /// <see cref="TimestampFormat"/> is <see cref="CsvTimestampFormat.Custom"/>; ignored otherwise.
    /// </summary>
    public string? TimestampCustomFormat { get; init; }

    /// <summary>The character between fields. Default: <c>,</c>. Use <c>'\t'</c> for TSV files.</summary>
    public char Delimiter { get; init; } = ',';
}
