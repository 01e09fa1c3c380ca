using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Persona4Rec;

/// <summary>A line of a review file that could not be read, with why.</summary>
/// <param name="LineNumber">One-based line number.</param>
/// <param name="Reason">What was wrong (no review text).</param>
public sealed record BadLine(long LineNumber, string Reason);

/// <summary>The reviews read from a file, and the lines that could not be read.</summary>
/// <param name="Reviews">The reviews, in file order.</param>
/// <param name="BadLines">Lines skipped, with their line numbers and reasons.</param>
public sealed record ReviewFileResult(IReadOnlyList<Review> Reviews, IReadOnlyList<BadLine> BadLines);

/// <summary>
/// Reads public review data sets, streaming, with <c>.gz</c> accepted. A malformed line is counted
/// and reported with its line number instead of stopping the read.
/// </summary>
public static class ReviewFileReader
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
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ReviewFileResult ReadYelp(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "a Yelp review.json file", TryParseYelp);

    private delegate string? LineParser(JsonElement root, out Review? review);

    private static ReviewFileResult Read(string path, int maxBadLines, string format, LineParser parse)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var reviews = new List<Review>();
        var bad = new List<BadLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long lineNumber = 0;
        using Stream stream = Open(path);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Review? review = null;
            string? problem;
            try
            {
                using var document = JsonDocument.Parse(line);
                problem = document.RootElement.ValueKind == JsonValueKind.Object ? parse(document.RootElement, out review) : "not a JSON object";
            }
            catch (JsonException e)
            {
                problem = "malformed JSON: " + e.Message;
            }

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
                bad.Add(new BadLine(lineNumber, problem));
                if (bad.Count > maxBadLines)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"'{path}' has more than {maxBadLines} unreadable lines (first at line {bad[0].LineNumber}: {bad[0].Reason}); is it {format}?"));
                }
            }
        }

        return new ReviewFileResult(reviews, bad);
    }

    private static string? TryParseAmazon2014(JsonElement root, out Review? review)
    {
        review = null;
        string? user = String(root, "reviewerID");
        string? item = String(root, "asin");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(item))
        {
            return "missing reviewerID or asin";
        }

        if (Rating(root, "overall", out float? rating) is { } ratingProblem)
        {
            return ratingProblem;
        }

        long seconds = Integer(root, "unixReviewTime") ?? 0;
        if (seconds is < 0 or > MaxUnixSeconds)
        {
            return $"unixReviewTime {seconds} out of range";
        }

        review = new Review($"{user}:{item}", user, item, rating, String(root, "reviewText") ?? string.Empty, String(root, "summary"), DateTimeOffset.FromUnixTimeSeconds(seconds));
        return null;
    }

    private static string? TryParseAmazon2023(JsonElement root, out Review? review)
    {
        review = null;
        string? user = String(root, "user_id");
        string? item = String(root, "parent_asin") is { Length: > 0 } parent ? parent : String(root, "asin");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(item))
        {
            return "missing user_id or parent_asin/asin";
        }

        if (Rating(root, "rating", out float? rating) is { } ratingProblem)
        {
            return ratingProblem;
        }

        long milliseconds = Integer(root, "timestamp") ?? 0;
        if (milliseconds is < 0 or > MaxUnixSeconds * 1000)
        {
            return $"timestamp {milliseconds} out of range";
        }

        review = new Review(string.Create(CultureInfo.InvariantCulture, $"{user}:{item}:{milliseconds}"), user, item, rating,
            String(root, "text") ?? string.Empty, String(root, "title"), DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        return null;
    }

    private static string? TryParseYelp(JsonElement root, out Review? review)
    {
        review = null;
        string? id = String(root, "review_id");
        string? user = String(root, "user_id");
        string? business = String(root, "business_id");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(user) || string.IsNullOrEmpty(business))
        {
            return "missing review_id, user_id or business_id";
        }

        if (Rating(root, "stars", out float? rating) is { } ratingProblem)
        {
            return ratingProblem;
        }

        string? date = String(root, "date");
        if (!DateTimeOffset.TryParseExact(date, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return $"date '{date}' is not yyyy-MM-dd HH:mm:ss";
        }

        review = new Review(id, user, business, rating, String(root, "text") ?? string.Empty, null, time);
        return null;
    }

    private static string? Rating(JsonElement root, string name, out float? rating)
    {
        rating = root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetSingle() : null;
        return rating is < 0 or > 10 ? $"{name} {rating} out of range" : null;
    }

    private static long? Integer(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Stream Open(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
