using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Encoding;

/// <summary>
/// The persistent embedding cache under Microsoft.Extensions.AI's DistributedCachingEmbeddingGenerator:
/// hits are bit-identical, another model, input kind or template version misses, a damaged entry is recomputed (never returned),
/// and concurrent writers leave readable entries.
/// </summary>
public sealed class FileDistributedCacheTests : IDisposable
{
    private static readonly string[] Texts = ["Plays live every weekend.", "A beginner's first guitar.", "Tuning on a dark stage."];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DistributedCachingEmbeddingGenerator<string, Embedding<float>> Cached(FakeEmbeddingGenerator inner, string modelId) =>
        new(inner, new FileDistributedCache(_temp.File("cache"))) { CacheKeyAdditionalValues = [modelId] };

    [Fact]
    public async Task SecondRun_IsServedFromDisk_BitIdentical_WithoutCallingTheEncoder()
    {
        var first = new FakeEmbeddingGenerator(16);
        GeneratedEmbeddings<Embedding<float>> computed = await Cached(first, "model-a").GenerateAsync(Texts, cancellationToken: Token);

        var second = new FakeEmbeddingGenerator(16); // a new process: a new generator over the same folder
        GeneratedEmbeddings<Embedding<float>> cached = await Cached(second, "model-a").GenerateAsync(Texts, cancellationToken: Token);

        Assert.NotEmpty(first.Calls);
        Assert.Empty(second.Calls);
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(
                computed[i].Vector.ToArray().Select(BitConverter.SingleToInt32Bits),
                cached[i].Vector.ToArray().Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public async Task AnotherModelOrText_Misses()
    {
        await Cached(new FakeEmbeddingGenerator(16), "model-a").GenerateAsync(Texts, cancellationToken: Token);

        var otherModel = new FakeEmbeddingGenerator(16);
        await Cached(otherModel, "model-b").GenerateAsync(Texts, cancellationToken: Token);
        var otherText = new FakeEmbeddingGenerator(16);
        await Cached(otherText, "model-a").GenerateAsync(["A text never seen."], cancellationToken: Token);

        Assert.Equal(Texts.Length, otherModel.Calls.Sum(c => c.Texts.Count));
        Assert.Single(otherText.Calls.SelectMany(c => c.Texts));
    }

    [Fact]
    public async Task AnotherInputKindOrTemplateVersion_Misses()
    {
        var passageOptions = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Passage } };
        var queryOptions = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Query } };
        await Cached(new FakeEmbeddingGenerator(16), "model-a").GenerateAsync(Texts, passageOptions, Token);

        // The same texts as queries (an E5-style model prefixes them differently), and under another
        // template version in the key (as the tool's cache keys carry one), must not be served the passages' vectors.
        var asQueries = new FakeEmbeddingGenerator(16);
        await Cached(asQueries, "model-a").GenerateAsync(Texts, queryOptions, Token);
        var otherTemplate = new FakeEmbeddingGenerator(16);
        var cache = new DistributedCachingEmbeddingGenerator<string, Embedding<float>>(otherTemplate, new FileDistributedCache(_temp.File("cache")))
        {
            CacheKeyAdditionalValues = ["model-a", "template-v2"],
        };
        await cache.GenerateAsync(Texts, passageOptions, Token);
        var samePassages = new FakeEmbeddingGenerator(16);
        await Cached(samePassages, "model-a").GenerateAsync(Texts, passageOptions, Token);

        Assert.Equal(Texts.Length, asQueries.Calls.Sum(c => c.Texts.Count));
        Assert.Equal(Texts.Length, otherTemplate.Calls.Sum(c => c.Texts.Count));
        Assert.Empty(samePassages.Calls); // the control: the same kind, model and template hits
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("flip")]
    [InlineData("empty")]
    [InlineData("garbage")]
    public async Task DamagedEntry_IsRecomputed_NeverReturned(string damage)
    {
        await Cached(new FakeEmbeddingGenerator(16), "model-a").GenerateAsync(Texts, cancellationToken: Token);
        string[] entries = Directory.GetFiles(_temp.File("cache"), "*.bin", SearchOption.AllDirectories);
        Assert.Equal(Texts.Length, entries.Length);
        foreach (string entry in entries)
        {
            byte[] bytes = File.ReadAllBytes(entry);
            File.WriteAllBytes(entry, damage switch
            {
                "truncate" => bytes[..(bytes.Length / 2)],
                "flip" => [.. bytes[..^1], (byte)(bytes[^1] ^ 0x10)],
                "empty" => [],
                _ => "not a cache entry at all"u8.ToArray(),
            });
        }

        var again = new FakeEmbeddingGenerator(16);
        GeneratedEmbeddings<Embedding<float>> result = await Cached(again, "model-a").GenerateAsync(Texts, cancellationToken: Token);

        Assert.Equal(Texts.Length, again.Calls.Sum(c => c.Texts.Count));
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(FakeEmbeddingGenerator.VectorFor(Texts[i], 16).Length, result[i].Vector.Length);
        }

        var third = new FakeEmbeddingGenerator(16);
        await Cached(third, "model-a").GenerateAsync(Texts, cancellationToken: Token);
        Assert.Empty(third.Calls); // the recomputed entries replaced the damaged ones
    }

    [Fact]
    public async Task ConcurrentWriters_LeaveEveryEntryReadable()
    {
        var cache = new FileDistributedCache(_temp.File("shared"));
        byte[][] values = [.. Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, 4096).Select(b => (byte)(b * (i + 1))).ToArray())];

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Token }, async (n, token) =>
        {
            // Many writers and readers on a few keys; each key always gets the same value, as embeddings do.
            int key = n % 8;
            await cache.SetAsync($"key-{key}", values[key], new DistributedCacheEntryOptions(), token);
            byte[]? read = await cache.GetAsync($"key-{key}", token);
            Assert.True(read is null || read.AsSpan().SequenceEqual(values[key]));
        });

        for (int key = 0; key < 8; key++)
        {
            Assert.Equal(values[key], cache.Get($"key-{key}"));
        }

        Assert.Empty(Directory.GetFiles(_temp.File("shared"), "*.tmp", SearchOption.AllDirectories));
    }
}
