using System.Globalization;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

/// <summary>Small guarantees the earlier notes left open: stale temporaries of killed saves, the builder's size limit, the CSV row bound.</summary>
public sealed class LooseEndsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Save_RemovesOnlyStaleTemporariesOfKilledSavesOfThatIndex()
    {
        string index = _temp.File("catalogue.p4r");
        string stale = _temp.File($".catalogue.p4r.{Guid.NewGuid():N}.tmp");
        string live = _temp.File($".catalogue.p4r.{Guid.NewGuid():N}.tmp");
        string otherIndex = _temp.File($".other.p4r.{Guid.NewGuid():N}.tmp");
        string notAGuid = _temp.File(".catalogue.p4r.backup.tmp");
        foreach (string file in new[] { stale, live, otherIndex, notAGuid })
        {
            File.WriteAllText(file, "partial");
            File.SetLastWriteTimeUtc(file, file == live ? DateTime.UtcNow : DateTime.UtcNow.AddHours(-3));
        }

        TestIndexes.RandomIndex(1, 5, 8).Save(index);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live), "a recent temporary may be another process's save in progress");
        Assert.True(File.Exists(otherIndex));
        Assert.True(File.Exists(notAGuid));
        Assert.Equal(5, PersonaIndex.Load(index).ItemCount);
    }

    [Fact]
    public void Add_PastTheVectorLimit_IsAClearErrorAtAdd_AndLeavesTheBuilderUnchanged()
    {
        var builder = new PersonaIndexBuilder(4, "model", "template") { MaxVectorValues = 12 };
        builder.Add(new ItemPersonas("a", null, [TestIndexes.MakePersona("a", 0), TestIndexes.MakePersona("a", 1)]), [new float[] { 1, 0, 0, 0 }, new float[] { 0, 1, 0, 0 }]);

        var error = Assert.Throws<ArgumentException>(() =>
            builder.Add(new ItemPersonas("b", null, [TestIndexes.MakePersona("b", 0), TestIndexes.MakePersona("b", 1)]), [new float[] { 1, 0, 0, 0 }, new float[] { 0, 1, 0, 0 }]));

        Assert.Contains("would bring the index to 4 personas of dimension 4, 16 values; an index holds at most 12", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, builder.ItemCount);
        Assert.Equal(1, builder.Build().ItemCount);
    }

    [Fact]
    public void ReadCsv_AHugeQuotedField_StopsAtTheRowBound_NamingTheLine()
    {
        string path = _temp.File("reviews.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.WriteLine("review_id,user_id,item_id,rating,text");
            writer.WriteLine("r1,u1,i1,5,fine");
            writer.Write("r2,u2,i1,4,\"never closed ");
            for (int i = 0; i < 9; i++)
            {
                writer.Write(new string('x', 1_000_000));
            }
        }

        var error = Assert.Throws<InvalidDataException>(() => ReviewFileReader.ReadCsv(path, new CsvReviewColumns { ReviewId = "review_id", UserId = "user_id", ItemId = "item_id", Rating = "rating", Text = "text" }));

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"line 3: a CSV row longer than {CsvRowBound.MaxRowLength} characters (inside a quoted field: a quote never closed?)"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvRowBound_QuotedLineBreaks_CountTowardsTheRow_UnquotedOnesEndIt()
    {
        using var ok = new CsvRowBound(new StringReader("a,b\n\"x\ny\",z\n" + new string('q', 9) + "\n"), "t.csv", maxRowLength: 10);
        Assert.Equal(22, ok.ReadToEnd().Length);

        using var tooLong = new CsvRowBound(new StringReader("a,b\n\"x\nyyyyyyyyyy\",z\n"), "t.csv", maxRowLength: 10);
        Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => tooLong.ReadToEnd()).Message, StringComparison.Ordinal);
    }
}
