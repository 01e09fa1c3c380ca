using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

public sealed class IndexFileRoundTripTests
{
    [Theory]
    [InlineData(0, 8)]
    [InlineData(1, 1)]
    [InlineData(57, 384)]
    [InlineData(300, 13)]
    public void SaveLoad_RoundTrip_IsExact(int items, int dimension)
    {
        using var temp = new TempDirectory();
        PersonaIndex original = TestIndexes.RandomIndex(items + dimension, items, dimension);
        string path = temp.File("index.p4r");

        original.Save(path);
        PersonaIndex loaded = PersonaIndex.Load(path);

        Assert.Equal(original.Dimension, loaded.Dimension);
        Assert.Equal(original.EncoderModelId, loaded.EncoderModelId);
        Assert.Equal(original.TemplateId, loaded.TemplateId);
        Assert.Equal(original.ItemCount, loaded.ItemCount);
        Assert.Equal(original.PersonaCount, loaded.PersonaCount);
        Assert.True(original.Vectors.SequenceEqual(loaded.Vectors), "vectors must round-trip bit for bit");
        for (int i = 0; i < original.ItemCount; i++)
        {
            string id = original.GetItemId(i);
            Assert.Equal(id, loaded.GetItemId(i));
            Assert.Equal(original.GetItemSummary(id), loaded.GetItemSummary(id));
            Assert.Equal(original.GetPersonas(id).Count, loaded.GetPersonas(id).Count);
            foreach (var (a, b) in original.GetPersonas(id).Zip(loaded.GetPersonas(id)))
            {
                Assert.Equal((a.PersonaId, a.ItemId, a.Name, a.Description, a.PreferenceRationale), (b.PersonaId, b.ItemId, b.Name, b.Description, b.PreferenceRationale));
                Assert.Equal(a.ReviewIds, b.ReviewIds);
            }
        }

        // Saving the loaded index gives the same bytes: the format is deterministic.
        string again = temp.File("again.p4r");
        loaded.Save(again);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void Load_GivesSameScoresAsOriginal()
    {
        using var temp = new TempDirectory();
        PersonaIndex original = TestIndexes.RandomIndex(3, 200, 64);
        original.Save(temp.File("i.p4r"));
        PersonaIndex loaded = PersonaIndex.Load(temp.File("i.p4r"));
        float[] user = TestIndexes.RandomVector(new Random(4), 64);

        Assert.Equal(original.Search(user, 15).Select(s => (s.ItemId, s.Score)), loaded.Search(user, 15).Select(s => (s.ItemId, s.Score)));
    }

    [Fact]
    public void Load_PersonaTextsDecodedConcurrently_AgreeOnOneInstance()
    {
        using var temp = new TempDirectory();
        PersonaIndex original = TestIndexes.RandomIndex(8, 50, 16);
        original.Save(temp.File("c.p4r"));
        PersonaIndex loaded = PersonaIndex.Load(temp.File("c.p4r"));
        float[] user = TestIndexes.RandomVector(new Random(9), 16);

        var results = new ScoredItem[8][];
        Parallel.For(0, results.Length, i => results[i] = loaded.Search(user, 50));

        foreach (ScoredItem[] result in results)
        {
            Assert.Equal(results[0].Select(r => r.MatchedPersona), result.Select(r => r.MatchedPersona), ReferenceEqualityComparer.Instance);
        }

        Assert.Equal(
            original.Search(user, 50).Select(r => r.MatchedPersona with { ReviewIds = [] }),
            results[0].Select(r => r.MatchedPersona with { ReviewIds = [] }));
    }

    [Fact]
    public void Save_TextWithUnicodeAndEmptySummary_RoundTrips()
    {
        using var temp = new TempDirectory();
        var persona = new Persona("P1", "ñ-é", "Gitarrenliebhaber 🎸", "Spielt jeden Tag.\nZeilenumbruch.", "\"Quoted\" — rationale", []);
        PersonaIndex index = new PersonaIndexBuilder(2, "model/ü", "tpl").Add(new ItemPersonas("ñ-é", "", [persona]), [new float[] { 1, 1 }]).Build();

        index.Save(temp.File("u.p4r"));
        PersonaIndex loaded = PersonaIndex.Load(temp.File("u.p4r"));

        Assert.Equal(persona, loaded.GetPersonas("ñ-é")[0] with { ReviewIds = persona.ReviewIds });
        Assert.Equal("", loaded.GetItemSummary("ñ-é"));
        Assert.Equal("model/ü", loaded.EncoderModelId);
    }

    [Fact]
    public void Save_ReplacesExistingFile_AndLeavesNoTemporaryFiles()
    {
        using var temp = new TempDirectory();
        string path = temp.File("index.p4r");
        TestIndexes.RandomIndex(1, 10, 8).Save(path);
        PersonaIndex second = TestIndexes.RandomIndex(2, 20, 8);

        second.Save(path);

        Assert.Equal(20, PersonaIndex.Load(path).ItemCount);
        Assert.Equal(["index.p4r"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_FolderMissing_ThrowsIOException_AndWritesNothing()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "missing", "index.p4r");
        Assert.ThrowsAny<IOException>(() => TestIndexes.RandomIndex(1, 3, 8).Save(path));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Save_WhileAReaderHoldsTheOldFile_ReaderKeepsOldContent()
    {
        using var temp = new TempDirectory();
        string path = temp.File("index.p4r");
        TestIndexes.RandomIndex(1, 10, 8).Save(path);
        byte[] before = File.ReadAllBytes(path);

        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            TestIndexes.RandomIndex(2, 30, 8).Save(path);
            var seen = new byte[before.Length];
            reader.ReadExactly(seen);
            Assert.Equal(before, seen);
        }

        Assert.Equal(30, PersonaIndex.Load(path).ItemCount);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        using var temp = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => PersonaIndex.Load(temp.File("nope.p4r")));
    }
}
