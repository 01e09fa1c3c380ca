using System.Globalization;
using System.Text.Json;

namespace Persona4Rec.Offline;

/// <summary>
/// Reads public review data sets and CSV review files, streaming, with <c>.gz</c> accepted. A
/// malformed line is counted and reported with its line number instead of stopping the read.
/// </summary>
public static partial class ReviewFileReader
{
    private const long MaxUnixSeconds = 253402300799; // 9999-12-31

    /// <summary>
    /// Reads the Amazon Reviews 2014 JSON-lines format (<c>reviewerID</c>, <c>asin</c>,
    /// <c>overall</c>, <c>reviewText</c>, <c>summary</c>, <c>unixReviewTime</c>). The format has no
    /// review id; each review gets <c>{reviewerID}:{asin}</c>, unique in the 5-core sets.
    /// </summary>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad lines (a file of the wrong format). Default: 1,000.</param>
    /// <returns>The reviews and the bad lines.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ReviewFileResult ReadAmazon2014(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "an Amazon 2014 review file", TryParseAmazon2014);

    /// <summary>
    /// Reads the Amazon Reviews 2023 JSON-lines format (<c>user_id</c>, <c>parent_asin</c> or
    /// <c>asin</c>, <c>rating</c>, <c>title</c>, <c>text</c>, <c>timestamp</c> in milliseconds).
    /// Reviews are grouped by <c>parent_asin</c> when present (the product, not the variant); each
    /// review gets the id <c>{user_id}:{item}:{timestamp}</c>.
    /// </summary>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad lines. Default: 1,000.</param>
    /// <returns>The reviews and the bad lines.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ReviewFileResult ReadAmazon2023(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "an Amazon 2023 review file", TryParseAmazon2023);

    /// <summary>
    /// Reads the Yelp Open Dataset <c>review.json</c> (<c>review_id</c>, <c>user_id</c>,
    /// <c>business_id</c>, <c>stars</c>, <c>text</c>, <c>date</c> as <c>yyyy-MM-dd HH:mm:ss</c>, UTC).
    /// </summary>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad lines. Default: 1,000.</param>
    /// <returns>The reviews and the bad lines.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ReviewFileResult ReadYelp(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "a Yelp review.json file", TryParseYelp);

    private static ReviewFileResult Read(string path, int maxBadLines, string format, JsonLinesFile.LineParser<Review> parse)
    {
        var badLines = new BadLineLog(path, maxBadLines, format);
        List<Review> reviews = JsonLinesFile.Read(path, badLines, parse, r => r.ReviewId, "review id");
        return new ReviewFileResult(reviews, badLines.Lines);
    }

    private static string? TryParseAmazon2014(JsonElement root, out Review? review)
    {
        review = null;
        string? problem = FirstProblem(
            JsonFields.ReadId(root, "reviewerID", out string? user),
            JsonFields.ReadId(root, "asin", out string? item),
            Rating(root, "overall", out float? rating),
            JsonFields.ReadInteger(root, "unixReviewTime", out long? seconds),
            JsonFields.ReadString(root, "reviewText", out string? text),
            JsonFields.ReadString(root, "summary", out string? title));
        if (problem is not null)
        {
            return problem;
        }

        if (seconds is < 0 or > MaxUnixSeconds)
        {
            return $"unixReviewTime {seconds} out of range";
        }

        review = new Review($"{user}:{item}", user!, item!, rating, text ?? string.Empty, title, DateTimeOffset.FromUnixTimeSeconds(seconds ?? 0));
        return null;
    }

    private static string? TryParseAmazon2023(JsonElement root, out Review? review)
    {
        review = null;
        string? problem = FirstProblem(
            JsonFields.ReadId(root, "user_id", out string? user),
            JsonFields.ReadString(root, "parent_asin", out string? parent),
            JsonFields.ReadString(root, "asin", out string? asin),
            Rating(root, "rating", out float? rating),
            JsonFields.ReadInteger(root, "timestamp", out long? milliseconds),
            JsonFields.ReadString(root, "text", out string? text),
            JsonFields.ReadString(root, "title", out string? title));
        if (problem is not null)
        {
            return problem;
        }

        string? item = string.IsNullOrEmpty(parent) ? asin : parent;
        if (string.IsNullOrEmpty(item))
        {
            return "missing parent_asin/asin";
        }

        if (item.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return "parent_asin/asin holds invalid UTF-8 (decoded as U+FFFD)";
        }

        if (milliseconds is < 0 or > MaxUnixSeconds * 1000)
        {
            return $"timestamp {milliseconds} out of range";
        }

        review = new Review(string.Create(CultureInfo.InvariantCulture, $"{user}:{item}:{milliseconds ?? 0}"), user!, item, rating,
            text ?? string.Empty, title, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds ?? 0));
        return null;
    }

    private static string? TryParseYelp(JsonElement root, out Review? review)
    {
        review = null;
        string? problem = FirstProblem(
            JsonFields.ReadId(root, "review_id", out string? id),
            JsonFields.ReadId(root, "user_id", out string? user),
            JsonFields.ReadId(root, "business_id", out string? business),
            Rating(root, "stars", out float? rating),
            JsonFields.ReadString(root, "text", out string? text),
            JsonFields.ReadString(root, "date", out string? date));
        if (problem is not null)
        {
            return problem;
        }

        if (!DateTimeOffset.TryParseExact(date, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return $"date '{date}' is not yyyy-MM-dd HH:mm:ss";
        }

        review = new Review(id!, user!, business!, rating, text ?? string.Empty, null, time);
        return null;
    }

    /// <summary>The first problem of a line's fields; every field is read, so each out value is assigned.</summary>
    private static string? FirstProblem(params string?[] problems) => Array.Find(problems, p => p is not null);

    private static string? Rating(JsonElement root, string name, out float? rating)
    {
        rating = null;
        if (JsonFields.ReadNumber(root, name, out double? value) is { } problem)
        {
            return problem;
        }

        if (value is null)
        {
            return null;
        }

        rating = (float)value.Value;
        return RatingProblem(name, rating.Value);
    }

    private static string? RatingProblem(string name, float rating) =>
        rating is >= 0 and <= 10 ? null : string.Create(CultureInfo.InvariantCulture, $"{name} {rating} out of range");
}
