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
    public static ReviewFileResult ReadAmazon2014(string path, int maxBadLines = 1000)
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

            string? problem = TryParseAmazon2014(line, out Review? review);
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
                        $"'{path}' has more than {maxBadLines} unreadable lines (first at line {bad[0].LineNumber}: {bad[0].Reason}); is it an Amazon 2014 review file?"));
                }
            }
        }

        return new ReviewFileResult(reviews, bad);
    }

    private static string? TryParseAmazon2014(string line, out Review? review)
    {
        review = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "not a JSON object";
            }

            string? user = String(root, "reviewerID");
            string? item = String(root, "asin");
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(item))
            {
                return "missing reviewerID or asin";
            }

            float? rating = root.TryGetProperty("overall", out JsonElement overall) && overall.ValueKind == JsonValueKind.Number ? overall.GetSingle() : null;
            if (rating is < 0 or > 10)
            {
                return $"rating {rating} out of range";
            }

            long seconds = root.TryGetProperty("unixReviewTime", out JsonElement time) && time.ValueKind == JsonValueKind.Number && time.TryGetInt64(out long t) ? t : 0;
            if (seconds is < 0 or > 253402300799)
            {
                return $"unixReviewTime {seconds} out of range";
            }

            review = new Review($"{user}:{item}", user, item, rating, String(root, "reviewText") ?? string.Empty, String(root, "summary"), DateTimeOffset.FromUnixTimeSeconds(seconds));
            return null;
        }
        catch (JsonException e)
        {
            return "malformed JSON: " + e.Message;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Stream Open(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
