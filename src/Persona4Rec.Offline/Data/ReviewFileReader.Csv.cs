using System.Globalization;
using nietras.SeparatedValues;

namespace Persona4Rec.Offline;

public static partial class ReviewFileReader
{
    private static readonly string[] Iso8601Formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK"];

    /// <summary>
    /// Reads reviews from a delimited text file with a header row (RFC 4180 quoting: a quoted field
    /// may hold the delimiter, line breaks and doubled quotes), mapping its columns with
    /// <paramref name="columns"/>. Ids, ratings and timestamps are trimmed of spaces; text is not.
    /// </summary>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="columns">Which column holds what, the timestamp format and the delimiter.</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad rows. Default: 1,000.</param>
    /// <returns>
    /// The reviews and the bad rows; a bad row's line number is the line it starts on. A row is bad
    /// when its field count differs from the header's, an id is empty, the rating or timestamp does
    /// not parse or is out of range, or its review id repeats an earlier one.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, a column name is empty, <see cref="CsvReviewColumns.TimestampCustomFormat"/> is missing for <see cref="CsvTimestampFormat.Custom"/>, or the delimiter cannot be used (a quote, a line break).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has no header row, a mapped column is not in the header (the message names it and lists the header), or more than <paramref name="maxBadLines"/> rows were bad.</exception>
    public static ReviewFileResult ReadCsv(string path, CsvReviewColumns columns, int maxBadLines = 1000)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columns);
        Sep separator = Separator(columns);
        var badLines = new BadLineLog(path, maxBadLines, "a CSV file with the mapped columns");
        var reviews = new List<Review>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using StreamReader text = DataFile.OpenText(path);
        // The header is read here rather than by Sep, which rejects a header that repeats any name,
        // even of a column nobody maps.
        using var bounded = new CsvRowBound(text, path);
        using SepReader reader = separator.Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).From(bounded);
        CsvColumnIndices at = CsvColumnIndices.Resolve(path, reader.MoveNext() ? HeaderNames(reader.Current) : [], columns);
        int headerCount = at.HeaderCount;
        while (reader.MoveNext())
        {
            SepReader.Row row = reader.Current;
            if (row.ColCount == 1 && row.Span.IsWhiteSpace())
            {
                continue;
            }

            Review? review = null;
            string? problem = row.ColCount == headerCount
                ? TryParseCsvRow(row, at, columns, out review)
                : string.Create(CultureInfo.InvariantCulture, $"{row.ColCount} fields; the header has {headerCount}");
            if (problem is null && !seen.Add(review!.ReviewId))
            {
                problem = $"duplicate review id '{review.ReviewId}'";
            }

            if (problem is null)
            {
                reviews.Add(review!);
            }
            else
            {
                badLines.Add(row.LineNumberFrom, problem);
            }
        }

        return new ReviewFileResult(reviews, badLines.Lines);
    }

    private static Sep Separator(CsvReviewColumns columns)
    {
        CsvColumnIndices.Validate(columns);
        try
        {
            return Sep.New(columns.Delimiter);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The delimiter U+{(int)columns.Delimiter:X4} cannot separate CSV fields.", nameof(columns), e);
        }
    }

    private static string? TryParseCsvRow(SepReader.Row row, CsvColumnIndices at, CsvReviewColumns columns, out Review? review)
    {
        review = null;
        if (!TryField(row, at.UserId, out string? user) || !TryField(row, at.ItemId, out string? item) || !TryField(row, at.Text, out string? text)
            || !TryField(row, at.ReviewId, out string? id) || !TryField(row, at.Rating, out string? ratingText)
            || !TryField(row, at.Title, out string? title) || !TryField(row, at.Timestamp, out string? timeText))
        {
            return "a quoted field is not closed, or has an undoubled quote inside";
        }

        user = user!.Trim();
        item = item!.Trim();
        if (user.Length == 0 || item.Length == 0)
        {
            return $"empty {columns.UserId} or {columns.ItemId}";
        }

        float? rating = null;
        if (!string.IsNullOrWhiteSpace(ratingText))
        {
            if (!float.TryParse(ratingText, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                return $"{columns.Rating} is not a number";
            }

            if (RatingProblem(columns.Rating!, value) is { } ratingProblem)
            {
                return ratingProblem;
            }

            rating = value;
        }

        DateTimeOffset time = DateTimeOffset.UnixEpoch;
        if (!string.IsNullOrWhiteSpace(timeText) && !TryParseTimestamp(timeText.AsSpan().Trim(), columns, out time))
        {
            return $"{columns.Timestamp} is not a {columns.TimestampFormat} timestamp in range";
        }

        if (id is not null)
        {
            id = id.Trim();
            if (id.Length == 0)
            {
                return $"empty {columns.ReviewId}";
            }
        }
        else
        {
            id = timeText is not null ? string.Create(CultureInfo.InvariantCulture, $"{user}:{item}:{time.ToUnixTimeMilliseconds()}") : $"{user}:{item}";
        }

        review = new Review(id, user, item, rating, text!, string.IsNullOrEmpty(title) ? null : title, time);
        return null;
    }

    private static List<string> HeaderNames(SepReader.Row header)
    {
        var names = new List<string>(header.ColCount);
        for (int i = 0; i < header.ColCount; i++)
        {
            names.Add(CsvQuoting.TryUnquote(header[i].Span, out string name) ? name : header[i].ToString());
        }

        return names;
    }

    private static bool TryField(SepReader.Row row, int index, out string? value)
    {
        value = null;
        return index < 0 || CsvQuoting.TryUnquote(row[index].Span, out value);
    }

    private static bool TryParseTimestamp(ReadOnlySpan<char> text, CsvReviewColumns columns, out DateTimeOffset time)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal;
        time = default;
        switch (columns.TimestampFormat)
        {
            case CsvTimestampFormat.UnixSeconds:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                    || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > MaxUnixSeconds)
                {
                    return false;
                }

                time = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            case CsvTimestampFormat.UnixMilliseconds:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long milliseconds)
                    || milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > MaxUnixSeconds * 1000)
                {
                    return false;
                }

                time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                return true;
            case CsvTimestampFormat.Iso8601:
                return DateTimeOffset.TryParseExact(text, Iso8601Formats, CultureInfo.InvariantCulture, Utc, out time);
            default:
                return DateTimeOffset.TryParseExact(text, columns.TimestampCustomFormat, CultureInfo.InvariantCulture, Utc, out time);
        }
    }
}
