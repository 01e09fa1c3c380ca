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
        string path = _temp.Write(gzip ? "reviews.json.gz" : "reviews.json", Fixture);

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
    public void ReadAmazon2023_UsesParentAsinAndMillisecondTimestamps()
    {
        // Written from the Amazon Reviews 2023 documentation (Hou et al., 2024).
        string path = _temp.File("Musical_Instruments.jsonl");
        File.WriteAllText(path, """
            {"rating": 5.0, "title": "Great strings", "text": "Bright and long-lasting.", "images": [], "asin": "B0VAR1", "parent_asin": "B0PARENT", "user_id": "U1", "timestamp": 1588687728923, "helpful_vote": 2, "verified_purchase": true}
            {"rating": 2.0, "title": "Meh", "text": "Went dead in a week.", "asin": "B0VAR2", "user_id": "U2", "timestamp": 1600000000000}
            {"rating": 11.0, "text": "bad rating", "asin": "B0X", "user_id": "U3", "timestamp": 1600000000000}
            """);

        ReviewFileResult result = ReviewFileReader.ReadAmazon2023(path);

        Assert.Equal(["B0PARENT", "B0VAR2"], result.Reviews.Select(r => r.ItemId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1588687728923), result.Reviews[0].Timestamp);
        Assert.Equal(("Great strings", "Bright and long-lasting.", 5f), (result.Reviews[0].Title, result.Reviews[0].Text, result.Reviews[0].Rating!.Value));
        Assert.Equal("U1:B0PARENT:1588687728923", result.Reviews[0].ReviewId);
        Assert.Equal(3L, result.BadLines.Single().LineNumber);
        Assert.Contains("rating 11 out of range", result.BadLines[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadYelp_ParsesDatesAndIds()
    {
        // Written from the Yelp Open Dataset documentation.
        string path = _temp.File("review.json");
        File.WriteAllText(path, """
            {"review_id": "KU_O5udG6zpxOg-VcAEodg", "user_id": "mh_-eMZ6K5RLWhZyISBhwA", "business_id": "XQfwVwDr-v0ZS3_CbbE5Xw", "stars": 3.0, "useful": 0, "funny": 0, "cool": 0, "text": "Decent tacos, slow service.", "date": "2018-07-07 22:09:11"}
            {"review_id": "r2", "user_id": "u2", "business_id": "b2", "stars": 5, "text": "Lovely brunch.", "date": "07/07/2018"}
            """);

        ReviewFileResult result = ReviewFileReader.ReadYelp(path);

        Review review = result.Reviews.Single();
        Assert.Equal(("KU_O5udG6zpxOg-VcAEodg", "XQfwVwDr-v0ZS3_CbbE5Xw", 3f), (review.ReviewId, review.ItemId, review.Rating!.Value));
        Assert.Equal(new DateTimeOffset(2018, 7, 7, 22, 9, 11, TimeSpan.Zero), review.Timestamp);
        Assert.Contains("not yyyy-MM-dd", result.BadLines.Single().Reason, StringComparison.Ordinal);
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
    public void ReadAmazon2014_HostileLines_AreBadLinesNotExceptions()
    {
        string path = _temp.Write("hostile.json", string.Join('\n',
            """{"reviewerID": "A1", "asin": "B01", "reviewText": "lone \ud800 surrogate", "overall": 5.0}""",
            """{"reviewerID": "A2", "asin": "B01", "overall": 1e50}""",
            new string('x', JsonLinesFile.MaxLineLength + 1),
            """{"reviewerID": "A3", "asin": "B01", "overall": 3.0}"""));

        ReviewFileResult result = ReviewFileReader.ReadAmazon2014(path);

        Assert.Equal("A3:B01", result.Reviews.Single().ReviewId);
        Assert.Equal(
            [(1L, "a string field is not valid UTF-16 text"), (2L, "overall Infinity out of range"), (3L, "line longer than 8388608 characters")],
            result.BadLines.Select(b => (b.LineNumber, b.Reason)));
    }

    [Fact]
    public void ReadAmazon2014_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ReviewFileReader.ReadAmazon2014(_temp.File("none.json")));
    }
}
