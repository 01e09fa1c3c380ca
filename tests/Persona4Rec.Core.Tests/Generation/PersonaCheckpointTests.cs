using Persona4Rec.Offline.Generation.Pipeline;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Generation;

/// <summary>The checkpoint reader streams line by line: long lines, a byte-order mark, and a file that is not a checkpoint.</summary>
public sealed class PersonaCheckpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Read_LinesLongerThanTheReadBuffer_RoundTrip()
    {
        string path = _temp.File("personas.jsonl");
        string[] summaries = [new string('a', 200_000), "short", new string('b', 70_000)];
        using (PersonaCheckpoint checkpoint = PersonaCheckpoint.Open(path))
        {
            for (int i = 0; i < summaries.Length; i++)
            {
                var item = new ItemPersonas($"item-{i}", summaries[i], [TestIndexes.MakePersona($"item-{i}", 1)]);
                await checkpoint.AppendAsync(CheckpointEntry.From(item, $"hash-{i}"), Token);
            }
        }

        Assert.Equal(summaries, PersonaPipeline.ReadCheckpoint(path).Select(i => i.Summary));
        using PersonaCheckpoint reopened = PersonaCheckpoint.Open(path);
        Assert.Equal(3, reopened.Entries.Count);
        Assert.All(reopened.Entries.Values, e => Assert.Null(e.Personas));
    }

    [Fact]
    public async Task Read_ByteOrderMark_IsSkipped()
    {
        string path = _temp.File("personas.jsonl");
        using (PersonaCheckpoint checkpoint = PersonaCheckpoint.Open(path))
        {
            await checkpoint.AppendAsync(CheckpointEntry.From(new ItemPersonas("item", null, [TestIndexes.MakePersona("item", 1)]), "hash"), Token);
        }

        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);

        Assert.Equal("item", Assert.Single(PersonaPipeline.ReadCheckpoint(path)).ItemId);
    }

    [Fact]
    public void Read_FileWithoutLineBreaks_FailsAtTheLineLimit()
    {
        string path = _temp.File("personas.jsonl");
        using (var stream = File.Create(path))
        {
            byte[] block = new byte[1 << 20];
            block.AsSpan().Fill((byte)'x');
            for (int i = 0; i <= 64; i++)
            {
                stream.Write(block);
            }
        }

        var error = Assert.Throws<InvalidDataException>(() => PersonaPipeline.ReadCheckpoint(path));
        Assert.Contains("line 1: longer than 67108864 bytes", error.Message, StringComparison.Ordinal);
    }
}
