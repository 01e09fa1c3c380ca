using System.IO.Compression;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Data;

public sealed class ReviewFileReaderTests : IDisposable
{
    // Written from the format's documentation (McAuley et al., Amazon reviews 2014), not copied from the data.
    private const string Fixture = """
        {"reviewerID": "A1", "asin": "B01", "reviewerName": "x", "helpful": [0, 0], "reviewText": "Keeps tuning on stage.", "overall": 5.0, "summary": "Works", "unixReviewTime": 1393545600, "reviewTime": "02 28, 2014"}
        {"reviewerID": "A2", "asin": "B01", "reviewText": "Hisses a bit.", "overall": 2.0, "summary": "Meh", "unixReviewTime": 1363392000}
        this line is not json
        {"reviewerID": "A3", "reviewText": "no asin here", "overall": 4.0}

        {"reviewerID": "A1", "asin": "B01", "reviewText": "Same user and item again.", "overall": 4.0, "unixReviewTime": 1}
        {"reviewerID": "A4", "asin": "B02", "overall": 4.0, "unixReviewTime": 1400000000}
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadAmazon2014_ReadsGoodLines_AndReportsBadOnesWithLineNumbers(bool gzip)
    {
        string path = _temp.File(gzip ? "reviews.json.gz" : "reviews.json");
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(System.Text.Encoding.UTF8.GetBytes(Fixture));
        }
        else
        {
            File.WriteAllText(path, Fixture);
        }

        ReviewFileResult result = ReviewFileReader.ReadAmazon2014(path);

        Assert.Equal(["A1:B01", "A2:B01", "A4:B02"], result.Reviews.Select(r => r.ReviewId));
        Review first = result.Reviews[0];
        Assert.Equal(("A1", "B01", 5f, "Keeps tuning on stage.", "Works"), (first.UserId, first.ItemId, first.Rating!.Value, first.Text, first.Title));
        Assert.Equal(new DateTimeOffset(2014, 2, 28, 0, 0, 0, TimeSpan.Zero), first.Timestamp);
        Assert.Equal("", result.Reviews[2].Text);
        Assert.Equal([3L, 4L, 6L], result.BadLines.Select(b => b.LineNumber));
        Assert.Contains("malformed JSON", result.BadLines[0].Reason, StringComparison.Ordinal);
        Assert.Contains("asin", result.BadLines[1].Reason, StringComparison.Ordinal);
        Assert.Contains("duplicate", result.BadLines[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAmazon2014_WrongFormat_StopsAfterTooManyBadLines()
    {
        string path = _temp.File("other.csv");
        File.WriteAllLines(path, Enumerable.Repeat("a,b,c", 50));
        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadAmazon2014(path, maxBadLines: 10));
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAmazon2014_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ReviewFileReader.ReadAmazon2014(_temp.File("none.json")));
    }
}
