using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Data;

public sealed class ReviewFileReaderCsvTests : IDisposable
{
    // RFC 4180: a quoted field holds commas, line breaks and doubled quotes. Line numbers: the
    // header is line 1, r1 spans lines 2-3.
    private const string Fixture = """
        review_id,user,product,stars,headline,body,date
        r1,U1,P1,5,Great,"Loved it, really.
        Second line with ""quotes"".",2018-07-07T22:09:11Z
        r2,U2,P1,,,No rating here,2018-07-08
        r3,U3,P2,eleven,Bad,rating is not a number,2018-07-09
        r4,U4,P2,4,Ok,too few fields
        r1,U5,P3,3,Dup,duplicate id,2018-07-10
        r6,,P3,3,NoUser,empty user,2018-07-10
        r7, U7 ,P4,4.5,Fine,"plain, text",2018-07-11 08:00:00+02:00
        r8,U8,P4,4,Late,"a date that is not one",yesterday
        r9,U9,P4,12,High,rating out of range,2018-07-12
        """;

    private static readonly CsvReviewColumns Columns = new()
    {
        ReviewId = "review_id",
        UserId = "user",
        ItemId = "product",
        Rating = "stars",
        Title = "headline",
        Text = "body",
        Timestamp = "date",
        TimestampFormat = CsvTimestampFormat.Iso8601,
    };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("reviews.csv")]
    [InlineData("reviews.csv.gz")]
    public void ReadCsv_MapsColumns_AndReportsBadRowsWithLineNumbers(string name)
    {
        string path = _temp.Write(name, Fixture);

        ReviewFileResult result = ReviewFileReader.ReadCsv(path, Columns);

        Assert.Equal(["r1", "r2", "r7"], result.Reviews.Select(r => r.ReviewId));
        Review first = result.Reviews[0];
        Assert.Equal(("U1", "P1", 5f, "Great"), (first.UserId, first.ItemId, first.Rating!.Value, first.Title));
        Assert.Equal("Loved it, really.\nSecond line with \"quotes\".", first.Text);
        Assert.Equal(new DateTimeOffset(2018, 7, 7, 22, 9, 11, TimeSpan.Zero), first.Timestamp);
        Review second = result.Reviews[1];
        Assert.Equal(((float?)null, (string?)null, "No rating here"), (second.Rating, second.Title, second.Text));
        Assert.Equal(new DateTimeOffset(2018, 7, 8, 0, 0, 0, TimeSpan.Zero), second.Timestamp);
        Review seventh = result.Reviews[2];
        Assert.Equal(("U7", 4.5f, "plain, text"), (seventh.UserId, seventh.Rating!.Value, seventh.Text));
        Assert.Equal(new DateTimeOffset(2018, 7, 11, 6, 0, 0, TimeSpan.Zero), seventh.Timestamp.ToUniversalTime());
        Assert.Equal(
            [
                (5L, "stars is not a number"),
                (6L, "6 fields; the header has 7"),
                (7L, "duplicate review id 'r1'"),
                (8L, "empty user or product"),
                (10L, "date is not a Iso8601 timestamp in range"),
                (11L, "stars 12 out of range"),
            ],
            result.BadLines.Select(b => (b.LineNumber, b.Reason)));
    }

    [Fact]
    public void ReadCsv_ColumnMissingFromHeader_ThrowsNamingItAndListingTheHeader()
    {
        string path = _temp.Write("reviews.csv", "\"user\",\"item\",\"text\"\nU1,I1,hi\n");
        var columns = new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text", Rating = "rating" };

        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadCsv(path, columns));

        Assert.Equal($"'{path}' has no column 'rating' (mapped as CsvReviewColumns.Rating); its header has: 'user', 'item', 'text'.", error.Message);
    }

    [Fact]
    public void ReadCsv_WithoutReviewIdColumn_MakesIdsFromUserItemAndTime()
    {
        string path = _temp.Write("ratings.tsv", "user\titem\ttext\ttime\nU1\tI1\thello\t1393545600\nU1\tI1\tagain\t1393545600\nU1\tI1\tlater\t1393545601\n");
        var columns = new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text", Timestamp = "time", Delimiter = '\t' };

        ReviewFileResult result = ReviewFileReader.ReadCsv(path, columns);

        Assert.Equal(["U1:I1:1393545600000", "U1:I1:1393545601000"], result.Reviews.Select(r => r.ReviewId));
        Assert.Equal(new DateTimeOffset(2014, 2, 28, 0, 0, 0, TimeSpan.Zero), result.Reviews[0].Timestamp);
        Assert.Equal((3L, "duplicate review id 'U1:I1:1393545600000'"), (result.BadLines.Single().LineNumber, result.BadLines[0].Reason));
    }

    [Fact]
    public void ReadCsv_WithoutTimestampColumn_UsesUserItemIdsAndTheEpoch()
    {
        string path = _temp.Write("reviews.csv", "user,item,text\nU1,I1,hello\n");

        Review review = ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text" }).Reviews.Single();

        Assert.Equal(("U1:I1", DateTimeOffset.UnixEpoch, (float?)null), (review.ReviewId, review.Timestamp, review.Rating));
    }

    [Theory]
    [InlineData(CsvTimestampFormat.UnixMilliseconds, null, "1588687728923", 1588687728923)]
    [InlineData(CsvTimestampFormat.UnixSeconds, null, "1588687728", 1588687728000)]
    [InlineData(CsvTimestampFormat.Iso8601, null, "2020-05-05T14:08:48.923+00:00", 1588687728923)]
    [InlineData(CsvTimestampFormat.Custom, "dd/MM/yyyy HH:mm", "05/05/2020 14:08", 1588687680000)]
    public void ReadCsv_TimestampFormats_ParseToTheSameInstant(CsvTimestampFormat format, string? custom, string cell, long expectedMilliseconds)
    {
        string path = _temp.Write("reviews.csv", $"user,item,text,when\nU1,I1,hi,{cell}\n");
        var columns = new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text", Timestamp = "when", TimestampFormat = format, TimestampCustomFormat = custom };

        Review review = ReviewFileReader.ReadCsv(path, columns).Reviews.Single();

        Assert.Equal(expectedMilliseconds, review.Timestamp.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void ReadCsv_UnclosedQuote_IsABadRowNotSilentlyMergedText()
    {
        string path = _temp.Write("reviews.csv", "user,item,text\nU1,I1,\"never closed\nU2,I2,fine\n");

        ReviewFileResult result = ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text" });

        Assert.Empty(result.Reviews);
        Assert.Equal((2L, "a quoted field is not closed, or has an undoubled quote inside"), (result.BadLines.Single().LineNumber, result.BadLines[0].Reason));
    }

    [Fact]
    public void ReadCsv_BlankLines_AreSkipped()
    {
        string path = _temp.Write("reviews.csv", "user,item,text\n\nU1,I1,hi\n\n");

        ReviewFileResult result = ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text" });

        Assert.Equal(("U1", 0), (result.Reviews.Single().UserId, result.BadLines.Count));
    }

    [Fact]
    public void ReadCsv_EmptyFile_ThrowsNoHeader()
    {
        string path = _temp.Write("reviews.csv", "");

        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "u", ItemId = "i", Text = "t" }));

        Assert.Contains("has no header row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_InvalidMapping_ThrowsArgumentExceptionBeforeOpeningTheFile()
    {
        string path = _temp.File("does-not-exist.csv");

        Assert.Throws<ArgumentException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "u", ItemId = "i", Text = "t", TimestampFormat = CsvTimestampFormat.Custom }));
        Assert.Throws<ArgumentException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "u", ItemId = "", Text = "t" }));
        Assert.Throws<ArgumentException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "u", ItemId = "i", Text = "t", Delimiter = '"' }));
    }

    [Fact]
    public void ReadCsv_WrongFile_StopsAfterTooManyBadRows()
    {
        string path = _temp.Write("reviews.csv", "user,item,text\n" + string.Concat(Enumerable.Repeat("only,two\n", 20)));

        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text" }, maxBadLines: 5));

        Assert.Contains("more than 5 unreadable lines (first at line 2: 2 fields; the header has 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_RepeatedHeaderName_IsFineUnlessMapped()
    {
        string path = _temp.Write("reviews.csv", "user,item,text,extra,extra\nU1,I1,a,b,c\n");

        Assert.Equal("a", ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "text" }).Reviews.Single().Text);
        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { UserId = "user", ItemId = "item", Text = "extra" }));
        Assert.Contains("has 2 columns named 'extra' (mapped as CsvReviewColumns.Text)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ReviewFileReader.ReadCsv(_temp.File("none.csv"), new CsvReviewColumns { UserId = "u", ItemId = "i", Text = "t" }));
    }
}
