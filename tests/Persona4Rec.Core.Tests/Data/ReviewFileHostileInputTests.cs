using System.IO.Compression;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Data;

/// <summary>
/// What a careless or hostile review file gets: a field of the wrong type is a bad line (never a
/// silent default), invalid UTF-8 in an id is a bad line (never a new item), and a .gz that is not
/// gzip, is empty or is cut short is an error that says so (never a partial success).
/// </summary>
public sealed class ReviewFileHostileInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("\"overall\": \"five\"", "overall should be a number; found string \"five\"")]
    [InlineData("\"overall\": true", "overall should be a number; found true true")]
    [InlineData("\"overall\": [5]", "overall should be a number; found array [5]")]
    [InlineData("\"unixReviewTime\": \"yesterday\"", "unixReviewTime should be a whole number; found string \"yesterday\"")]
    [InlineData("\"unixReviewTime\": 1e30", "unixReviewTime should be a whole number; found number 1e30")]
    [InlineData("\"unixReviewTime\": 1.5", "unixReviewTime should be a whole number; found number 1.5")]
    [InlineData("\"reviewText\": 42", "reviewText should be a string; found number 42")]
    [InlineData("\"summary\": {\"a\": 1}", "summary should be a string; found object")]
    [InlineData("\"asin\": 7", "asin should be a string; found number 7")]
    public void ReadAmazon2014_WrongTypeField_IsABadLineWithTheReason(string field, string reason)
    {
        string path = _temp.Write("reviews.json", "{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 4.0, \"unixReviewTime\": 1400000000, \"reviewText\": \"ok\", " + field.Replace("\"asin\": 7", "\"asinX\": 0", StringComparison.Ordinal) + "}\n"
            + (field.StartsWith("\"asin\"", StringComparison.Ordinal) ? "{\"reviewerID\": \"A2\", \"asin\": 7}\n" : string.Empty));

        ReviewFileResult result = ReviewFileReader.ReadAmazon2014(path);

        BadLine bad = Assert.Single(result.BadLines);
        Assert.StartsWith(reason, bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAmazon2014_NumbersWrittenAsStrings_AreTheDocumentedTolerance()
    {
        string path = _temp.Write("reviews.json", "{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": \"5\", \"unixReviewTime\": \"1500000000\", \"reviewText\": \"ok\"}\n");

        Review review = Assert.Single(ReviewFileReader.ReadAmazon2014(path).Reviews);

        Assert.Equal(5f, review.Rating);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1500000000), review.Timestamp);
    }

    [Fact]
    public void ReadAmazon2014_InvalidUtf8InAnItemId_IsABadLine_NotANewItem()
    {
        string path = _temp.File("reviews.json");
        File.WriteAllBytes(path, [.. "{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 4.0, \"reviewText\": \"ok\"}\n{\"reviewerID\": \"A2\", \"asin\": \"B"u8, 0xFF, .. "1\", \"overall\": 4.0, \"reviewText\": \"ok\"}\n"u8]);

        ReviewFileResult result = ReviewFileReader.ReadAmazon2014(path);

        Assert.Equal(["B1"], result.Reviews.Select(r => r.ItemId).Distinct());
        Assert.Contains("asin holds invalid UTF-8", Assert.Single(result.BadLines).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadYelp_WrongTypeStars_IsABadLine()
    {
        string path = _temp.Write("review.json", "{\"review_id\": \"r1\", \"user_id\": \"u1\", \"business_id\": \"b1\", \"stars\": \"many\", \"text\": \"x\", \"date\": \"2024-05-01 19:30:00\"}\n");

        Assert.StartsWith("stars should be a number", Assert.Single(ReviewFileReader.ReadYelp(path).BadLines).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipCutInHalf_IsAnError_NotThePartThatDecompressed()
    {
        string path = _temp.Write("reviews.json.gz", string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"reviewerID\": \"A{i}\", \"asin\": \"B{i % 7}\", \"overall\": 4.0, \"reviewText\": \"Review {i * 7919 % 1000} of many.\"}}\n")));
        byte[] whole = File.ReadAllBytes(path);
        Assert.Equal(400, ReviewFileReader.ReadAmazon2014(path).Reviews.Count);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadAmazon2014(path));

        Assert.Contains("ends early or does not match its trailer", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "is empty: a .gz file must hold gzip data")]
    [InlineData(5, "is not gzip data")]
    public void Read_GzipCutToNothing_IsAnError(int keep, string expected)
    {
        string path = _temp.Write("reviews.json.gz", "{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 4.0}\n");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);

        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadAmazon2014(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlainTextNamedGz_SaysItIsNotGzip()
    {
        string path = _temp.File("reviews.json.gz");
        File.WriteAllText(path, "{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 4.0, \"reviewText\": \"not compressed at all\"}\n");

        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadAmazon2014(path));

        Assert.Contains("is not gzip data", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("compression method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IntactGzip_StillReads()
    {
        string path = _temp.File("ok.json.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write("{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 4.0}\n"u8);
        }

        Assert.Single(ReviewFileReader.ReadAmazon2014(path).Reviews);
    }
}
