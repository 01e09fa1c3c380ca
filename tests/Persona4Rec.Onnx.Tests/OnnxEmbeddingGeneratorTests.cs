using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Persona4Rec.Onnx.Tests;

public sealed class OnnxEmbeddingGeneratorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_SimilarSentences_AreCloserThanUnrelatedOnes()
    {
        var g = MiniLm.Generator;
        float[] cat = await MiniLm.EmbedAsync(g, "a cat sits on the mat");
        float[] kitten = await MiniLm.EmbedAsync(g, "a kitten rests on a rug");
        float[] stocks = await MiniLm.EmbedAsync(g, "stock markets fell sharply");

        float related = MiniLm.Cosine(cat, kitten);
        float unrelated = MiniLm.Cosine(cat, stocks);

        // Reference values for all-MiniLM-L6-v2 (sentence-transformers): ≈ 0.66 and ≈ 0.05.
        Assert.InRange(related, 0.60f, 0.72f);
        Assert.InRange(unrelated, -0.05f, 0.15f);
    }

    [Fact]
    public async Task GenerateAsync_ReturnsUnitVectorsOf384Dimensions_WithModelId()
    {
        GeneratedEmbeddings<Embedding<float>> result = await MiniLm.Generator.GenerateAsync(["hello world", "a second text"], cancellationToken: Token);

        Assert.Equal(2, result.Count);
        Assert.All(result, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 1e-5f);
            Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", e.ModelId);
        });
        Assert.True(result.Usage!.InputTokenCount > 4);
    }

    [Fact]
    public async Task GenerateAsync_Batch_EqualsOneByOne()
    {
        string[] texts =
        [
            "short",
            "A somewhat longer sentence about a guitar tuner that clips onto the headstock.",
            "",
            "Drums!",
            string.Join(' ', Enumerable.Repeat("practice pad rebound", 30)),
        ];
        var batched = await MiniLm.Generator.GenerateAsync(texts, cancellationToken: Token);

        for (int i = 0; i < texts.Length; i++)
        {
            float[] single = await MiniLm.EmbedAsync(MiniLm.Generator, texts[i]);
            float[] fromBatch = batched[i].Vector.ToArray();
            for (int d = 0; d < single.Length; d++)
            {
                Assert.True(Math.Abs(single[d] - fromBatch[d]) <= 1e-5f, $"text {i}, dimension {d}: {single[d]} vs {fromBatch[d]}");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_SmallBatchSize_GivesTheSameVectors()
    {
        using var small = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { BatchSize = 2 });
        string[] texts = ["one", "two words", "three words here", "four words are here", "five"];

        var a = await small.GenerateAsync(texts, cancellationToken: Token);
        var b = await MiniLm.Generator.GenerateAsync(texts, cancellationToken: Token);

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.Distance(a[i].Vector.Span, b[i].Vector.Span) < 1e-4f);
        }
    }

    [Fact]
    public async Task GenerateAsync_LengthBucketing_KeepsTheCallersOrderAndVectors()
    {
        // Lengths deliberately out of order, so sorting by token count reorders them across batches of 2.
        string[] texts =
        [
            string.Join(' ', Enumerable.Repeat("the strap button came loose after a week", 8)),
            "ok",
            "A pop filter that stops plosives in my podcast.",
            "strings",
            string.Join(' ', Enumerable.Repeat("warm crunch with little hiss", 4)),
        ];
        using var callerOrder = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { BatchSize = 2, LengthBucketing = false });
        using var bucketed = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { BatchSize = 2 });

        var expected = await callerOrder.GenerateAsync(texts, cancellationToken: Token);
        var actual = await bucketed.GenerateAsync(texts, cancellationToken: Token);

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.Distance(expected[i].Vector.Span, actual[i].Vector.Span) < 1e-4f, $"text {i}");
            float[] alone = await MiniLm.EmbedAsync(MiniLm.Generator, texts[i]);
            Assert.True(TensorPrimitives.Distance(alone, actual[i].Vector.Span) < 1e-4f, $"text {i} alone");
        }
    }

    [Fact]
    public async Task GenerateAsync_VeryLongText_IsTruncatedNotRejected()
    {
        string[] words = Enumerable.Range(0, 2000).Select(i => i % 7 == 0 ? "guitar" : i % 5 == 0 ? "strings" : "tone").ToArray();
        string full = string.Join(' ', words);
        string half = string.Join(' ', words.Take(1000));

        float[] fullVector = await MiniLm.EmbedAsync(MiniLm.Generator, full);
        float[] halfVector = await MiniLm.EmbedAsync(MiniLm.Generator, half);

        // Both exceed 256 tokens, so both are cut to the same first 254 word pieces.
        Assert.True(MiniLm.Cosine(fullVector, halfVector) > 0.9999f);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("🎸🥁🎹 great gear 👍")]
    [InlineData("Crème brûlée à la café, naïve façade")]
    [InlineData("这把吉他的音色很好")]
    [InlineData("ギターの音がとても良い")]
    public async Task GenerateAsync_UnusualText_GivesFiniteUnitVector(string text)
    {
        float[] vector = await MiniLm.EmbedAsync(MiniLm.Generator, text);
        Assert.True(TensorPrimitives.IsFiniteAll<float>(vector));
        Assert.Equal(1f, TensorPrimitives.Norm<float>(vector), 1e-5f);
    }

    [Fact]
    public async Task GenerateAsync_AccentedWords_MatchTheirPlainForms()
    {
        float[] accented = await MiniLm.EmbedAsync(MiniLm.Generator, "the café serves crème brûlée");
        float[] plain = await MiniLm.EmbedAsync(MiniLm.Generator, "the cafe serves creme brulee");
        Assert.True(MiniLm.Cosine(accented, plain) > 0.99f);
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallers_GetIdenticalResults()
    {
        string[] texts = ["guitar strings for fingerpicking", "a quiet practice pad", "pop filter for podcasts", "braided cable for gigs"];
        var expected = await MiniLm.Generator.GenerateAsync(texts, cancellationToken: Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => MiniLm.Generator.GenerateAsync(texts, cancellationToken: Token), Token)));

        foreach (var result in results)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.True(TensorPrimitives.Distance(expected[i].Vector.Span, result[i].Vector.Span) < 1e-6f);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_QueryPrefix_AppliesOnlyToQueries()
    {
        using var prefixed = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { QueryPrefix = "query: ", PassagePrefix = "passage: " });
        var asQuery = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Query } };

        float[] query = await MiniLm.EmbedAsync(prefixed, "tuner", asQuery);
        float[] passage = await MiniLm.EmbedAsync(prefixed, "tuner");

        Assert.True(MiniLm.Cosine(query, await MiniLm.EmbedAsync(MiniLm.Generator, "query: tuner")) > 0.99999f);
        Assert.True(MiniLm.Cosine(passage, await MiniLm.EmbedAsync(MiniLm.Generator, "passage: tuner")) > 0.99999f);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MiniLm.Generator.GenerateAsync(["x"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_NullText_ThrowsNamingPosition()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => MiniLm.Generator.GenerateAsync(["ok", null!], cancellationToken: Token));
        Assert.Contains("Text 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_ReturnsMetadataAndSelf()
    {
        var metadata = MiniLm.Generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Same(MiniLm.Generator, MiniLm.Generator.GetService<OnnxEmbeddingGenerator>());
        Assert.Null(MiniLm.Generator.GetService(typeof(string)));
    }

    [Fact]
    public async Task Dispose_ThenGenerate_ThrowsObjectDisposed()
    {
        var generator = new OnnxEmbeddingGenerator();
        generator.Dispose();
        generator.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["x"], cancellationToken: Token));
    }
}
