using System.Globalization;
using System.Text.Json;

namespace Persona4Rec;

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
        string? user = JsonFields.String(root, "reviewerID");
        string? item = JsonFields.String(root, "asin");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(item))
        {
            return "missing reviewerID or asin";
        }

        if (Rating(root, "overall", out float? rating) is { } ratingProblem)
        {
            return ratingProblem;
        }

        long seconds = JsonFields.Integer(root, "unixReviewTime") ?? 0;
        if (seconds is < 0 or > MaxUnixSeconds)
        {
            return $"unixReviewTime {seconds} out of range";
        }

        review = new Review($"{user}:{item}", user, item, rating, JsonFields.String(root, "reviewText") ?? string.Empty, JsonFields.String(root, "summary"), DateTimeOffset.FromUnixTimeSeconds(seconds));
        return null;
    }

    private static string? TryParseAmazon2023(JsonElement root, out Review? review)
    {
        review = null;
        string? user = JsonFields.String(root, "user_id");
        string? item = JsonFields.String(root, "parent_asin") is { Length: > 0 } parent ? parent : JsonFields.String(root, "asin");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(item))
        {
            return "missing user_id or parent_asin/asin";
        }

        if (Rating(root, "rating", out float? rating) is { } ratingProblem)
        {
            return ratingProblem;
        }

        long milliseconds = JsonFields.Integer(root, "timestamp") ?? 0;
        if (milliseconds is < 0 or > MaxUnixSeconds * 1000)
        {
            return $"timestamp {milliseconds} out of range";
        }

        review = new Review(string.Create(CultureInfo.InvariantCulture, $"{user}:{item}:{milliseconds}"), user, item, rating,
            JsonFields.String(root, "text") ?? string.Empty, JsonFields.String(root, "title"), DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        return null;
    }

    private static string? TryParseYelp(JsonElement root, out Review? review)
    {
        review = null;
        string? id = JsonFields.String(root, "review_id");
        string? user = JsonFields.String(root, "user_id");
        string? business = JsonFields.String(root, "business_id");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(user) || string.IsNullOrEmpty(business))
        {
            return "missing review_id, user_id or business_id";
        }

        if (Rating(root, "stars", out float? rating) is { } ratingProblem)
        {
            return ratingProblem;
        }

        string? date = JsonFields.String(root, "date");
        if (!DateTimeOffset.TryParseExact(date, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return $"date '{date}' is not yyyy-MM-dd HH:mm:ss";
        }

        review = new Review(id, user, business, rating, JsonFields.String(root, "text") ?? string.Empty, null, time);
        return null;
    }

    private static string? Rating(JsonElement root, string name, out float? rating)
    {
        rating = null;
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        rating = value.TryGetSingle(out float number) ? number : float.NaN;
        return RatingProblem(name, rating.Value);
    }

    private static string? RatingProblem(string name, float rating) =>
        rating is >= 0 and <= 10 ? null : string.Create(CultureInfo.InvariantCulture, $"{name} {rating} out of range");
}
