using System.Buffers.Binary;
using Persona4Rec.Tests.Alignment;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>Format version 2 (the alignment layer) and loading version 1 files.</summary>
public sealed class IndexFileVersionTests : IDisposable
{
    /// <summary>
    /// A version 1 file written by the version 1 writer (commit efaa06f): items "guitar" (P1 [1,0,0,0],
    /// P2 [0,1,1,0]/√2, summary "A guitar.") and "strings" (P1 [0,0,1,1]/√2, no summary), dimension 4.
    /// </summary>
    private const string Version1File =
        "UDRSSU5ERVgBAAAAOQAAABf9PVx/6vTpmwQCA6p0ZXN0LW1vZGVssHRlc3QtdGVtcGxhdGUtdjFRzJrPB3BV3wJgiMrNAQAwz4Gs4T8d0hQIlJKmZ3VpdGFyp3N0cmluZ3OSqUEgZ3VpdGFyLsCSAgGTlaJQMapHaWcgUGxheWVyq1BsYXlzIGdpZ3MupUxvdWQukaJyMZWiUDKtSG9tZSBTdHJ1bW1lcq5QbGF5cyBhdCBob21lLqZRdWlldC6QlaJQMatUb25lIEh1bnRlcqtXYW50cyB0b25lLqdCcmlnaHQukqJyMqJyMwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgD8AAAAAAAAAAAAAAAAAAAAA8wQ1P/MENT8AAAAAAAAAAAAAAADzBDU/8wQ1Pw==";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_Version1File_LoadsAsAVanillaIndexWithTheSameScores()
    {
        string path = _temp.File("v1.p4r");
        File.WriteAllBytes(path, Convert.FromBase64String(Version1File));

        PersonaIndex index = PersonaIndex.Load(path);

        Assert.Null(index.Alignment);
        Assert.Equal((4, 2, 3), (index.Dimension, index.ItemCount, index.PersonaCount));
        Assert.Equal("A guitar.", index.GetItemSummary("guitar"));
        Assert.Equal(["r2", "r3"], index.GetPersonas("strings")[0].ReviewIds);
        ScoredItem[] scored = index.Score([1, 2, 3, 4], ["guitar", "strings"]);

        // The scores the version 1 library gave for this file and query.
        Assert.Equal(("guitar", 0.6454972f, "P2"), (scored[0].ItemId, scored[0].Score, scored[0].MatchedPersona.PersonaId));
        Assert.Equal(("strings", 0.90369606f, "P1"), (scored[1].ItemId, scored[1].Score, scored[1].MatchedPersona.PersonaId));

        // Saved again, it becomes a version 4 (current) file with the same content.
        index.Save(_temp.File("v2.p4r"));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(_temp.File("v2.p4r")).AsSpan(8)));
        Assert.Equal(Summary(scored), Summary(PersonaIndex.Load(_temp.File("v2.p4r")).Score([1, 2, 3, 4], ["guitar", "strings"])));
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 16)]
    [InlineData(384, 8)]
    public void SaveLoad_AlignedIndex_RoundTripsTheLayerAndScores(int dimension, int rank)
    {
        PersonaIndex aligned = TestIndexes.RandomIndex(dimension, 40, dimension).WithAlignment(AlignmentLayerTests.RandomLayer(rank, dimension, rank).Layer);
        string path = _temp.File("aligned.p4r");

        aligned.Save(path);
        PersonaIndex loaded = PersonaIndex.Load(path);

        Assert.NotNull(loaded.Alignment);
        Assert.Equal((dimension, rank), (loaded.Alignment.Dimension, loaded.Alignment.Rank));
        Assert.True(aligned.Alignment!.Up.SequenceEqual(loaded.Alignment.Up) && aligned.Alignment.Down.SequenceEqual(loaded.Alignment.Down), "the layer must round-trip bit for bit");
        Assert.True(aligned.Vectors.SequenceEqual(loaded.Vectors), "the aligned vectors must round-trip bit for bit");
        float[] user = TestIndexes.RandomVector(new Random(1), dimension);
        Assert.Equal(Summary(aligned.Search(user, 10)), Summary(loaded.Search(user, 10)));

        loaded.Save(_temp.File("again.p4r"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_temp.File("again.p4r")));
    }

    private static (string, float, string)[] Summary(ScoredItem[] items) => [.. items.Select(i => (i.ItemId, i.Score, i.MatchedPersona.PersonaId))];
}
