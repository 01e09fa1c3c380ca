using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>A file far larger than its header says (sparse, so the test writes almost nothing) is rejected from its header, without reading or allocating from its size.</summary>
public sealed class IndexFileSizeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_SixGigabyteFile_RejectedFromTheHeaderAlone()
    {
        string path = _temp.File("huge.p4r");
        TestIndexes.RandomIndex(3, 10, 16).Save(path);
        long original = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(6L << 30);
        }

        IndexLoadProbe.Outcome outcome = IndexLoadProbe.Load(path);

        var error = Assert.IsType<PersonaIndexFormatException>(outcome.Error);
        Assert.Contains($"The file is {6L << 30} bytes long; the header describes {original} bytes", error.Message, StringComparison.Ordinal);
        Assert.True(outcome.ThreadBytes < IndexLoadProbe.AllocationBound(original), $"allocated {outcome.ThreadBytes} bytes");
    }
}
