using System.Globalization;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary><see cref="PersonaIndex.OpenMapped"/>: same results as a load, lazy vectors, what it verifies.</summary>
public sealed class IndexFileMappedTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(VectorEncoding.Float32, false)]
    [InlineData(VectorEncoding.Float16, false)]
    [InlineData(VectorEncoding.Int8, false)]
    [InlineData(VectorEncoding.Int8, true)]
    public void OpenMapped_EveryEncoding_ScoresLikeLoad(VectorEncoding encoding, bool keepExact)
    {
        string path = _temp.File("index.p4r");
        TestIndexes.RandomIndex(4, 80, 37).WithEncoding(encoding, keepExact).Save(path);

        PersonaIndex loaded = PersonaIndex.Load(path);
        PersonaIndex mapped = PersonaIndex.OpenMapped(path);
        PersonaIndex verified = PersonaIndex.OpenMapped(path, verifyVectors: true);

        Assert.True(mapped.IsMemoryMapped && verified.IsMemoryMapped);
        Assert.False(loaded.IsMemoryMapped);
        Assert.Equal((encoding, keepExact || encoding == VectorEncoding.Float32), (mapped.VectorEncoding, mapped.HasExactVectors));
        for (int u = 0; u < 5; u++)
        {
            float[] user = TestIndexes.RandomVector(new Random(u), 37);
            Assert.Equal(Summary(loaded.Search(user, 10)), Summary(mapped.Search(user, 10)));
            Assert.Equal(Summary(loaded.Score(user, [loaded.GetItemId(3), loaded.GetItemId(7)])), Summary(mapped.Score(user, [loaded.GetItemId(3), loaded.GetItemId(7)])));
        }

        mapped.Save(_temp.File("again.p4r"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_temp.File("again.p4r")));
    }

    [Fact]
    public void OpenMapped_CorruptedVectorByte_OnlyCaughtWhenVerifying()
    {
        string path = _temp.File("index.p4r");
        TestIndexes.RandomIndex(4, 20, 16).Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));
        var error = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(path, verifyVectors: true));
        Assert.Contains("vector checksum", error.Message, StringComparison.Ordinal);
        PersonaIndex unverified = PersonaIndex.OpenMapped(path);
        Assert.Equal(20, unverified.ItemCount);
    }

    [Fact]
    public void OpenMapped_CorruptedMetadata_StillRejected()
    {
        string path = _temp.File("index.p4r");
        TestIndexes.RandomIndex(4, 20, 16).Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[200] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(path));
    }

    [Fact]
    public void OpenMapped_LargeFile_ReadsFarLessThanTheFile()
    {
        if (!File.Exists("/proc/self/io"))
        {
            Assert.Skip("Needs Linux /proc/self/io to count the bytes read by system calls.");
        }

        // 24,000 personas × 384-d: 37 MB of vectors behind about 4 MB of metadata, which is read.
        string path = _temp.File("large.p4r");
        TestIndexes.RandomIndex(5, 8_000, 384, minPersonas: 3, maxPersonas: 3).Save(path);
        long fileLength = new FileInfo(path).Length;
        long vectorBytes = 24_000L * 384 * sizeof(float);

        long before = ReadCharacters();
        PersonaIndex mapped = PersonaIndex.OpenMapped(path);
        long read = ReadCharacters() - before;

        Assert.True(read < vectorBytes / 4, $"opening read {read} of {fileLength} bytes ({vectorBytes} of vectors)");
        Assert.Equal(10, mapped.Search(TestIndexes.RandomVector(new Random(1), 384), 10).Length);
    }

    /// <summary>Bytes this process has read through system calls (memory-mapped page faults are not counted).</summary>
    internal static long ReadCharacters()
    {
        foreach (string line in File.ReadAllLines("/proc/self/io"))
        {
            if (line.StartsWith("rchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/io has no rchar line.");
    }

    private static (string, float, string)[] Summary(ScoredItem[] items) => [.. items.Select(i => (i.ItemId, i.Score, i.MatchedPersona.PersonaId))];
}
