using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Encoding;

public sealed class EmbeddingPersonaEncoderTests
{
    private static readonly Persona Persona = new("P1", "i1", "Gigging Guitarist", "Plays live often.", "Tunes fast.", []);
    private static readonly UserInteraction Interaction = new("u", "i1", DateTimeOffset.UnixEpoch, ReviewText: "Great for gigs.");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EncodePersonasAsync_RendersTemplate_NormalisesAndTagsPassage()
    {
        var generator = new FakeEmbeddingGenerator(8);
        var encoder = new EmbeddingPersonaEncoder(generator);
        var input = new PersonaText(Persona, "A tuner.");

        var vectors = await encoder.EncodePersonasAsync([input], Token);

        string rendered = PersonaTextTemplates.RenderPersona(input);
        Assert.Equal([rendered], generator.Calls.Single().Texts);
        Assert.Equal(EmbeddingInputKind.Passage, generator.Calls.Single().Options!.AdditionalProperties![EmbeddingInputKind.PropertyName]);
        float[] raw = FakeEmbeddingGenerator.VectorFor(rendered, 8);
        Assert.Equal(1f, TensorPrimitives.Norm(vectors[0].Span), 1e-6f);
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(raw, vectors[0].Span), 1e-6f);
        Assert.Equal(8, encoder.Dimension);
        Assert.Equal("fake-model", encoder.ModelId);
        Assert.Equal(PersonaTextTemplates.TemplateId, encoder.TemplateId);
    }

    [Fact]
    public async Task EncodeInteractionsAsync_TagsQuery()
    {
        var generator = new FakeEmbeddingGenerator(8);
        await new EmbeddingPersonaEncoder(generator).EncodeInteractionsAsync([new InteractionText(Interaction, "A tuner.", null)], Token);
        Assert.Equal(EmbeddingInputKind.Query, generator.Calls.Single().Options!.AdditionalProperties![EmbeddingInputKind.PropertyName]);
    }

    [Fact]
    public async Task EncodeAsync_ManyTexts_SplitIntoCallsOfAtMostMaxTextsPerCall_InOrder()
    {
        var generator = new FakeEmbeddingGenerator(8);
        var encoder = new EmbeddingPersonaEncoder(generator, new EmbeddingPersonaEncoderOptions { MaxTextsPerCall = 3 });
        var inputs = Enumerable.Range(0, 7).Select(i => new PersonaText(Persona with { Name = $"Name {i}" }, null)).ToArray();

        var vectors = await encoder.EncodePersonasAsync(inputs, Token);

        Assert.Equal([3, 3, 1], generator.Calls.Select(c => c.Texts.Count));
        for (int i = 0; i < inputs.Length; i++)
        {
            float[] expected = FakeEmbeddingGenerator.VectorFor(PersonaTextTemplates.RenderPersona(inputs[i]), 8);
            Assert.Equal(1f, TensorPrimitives.CosineSimilarity(expected, vectors[i].Span), 1e-6f);
        }
    }

    [Fact]
    public async Task EncodeAsync_GeneratorReturnsTooFewVectors_ThrowsClearly()
    {
        var generator = new FakeEmbeddingGenerator(8) { Corrupt = e => e.Take(1).ToList() };
        var encoder = new EmbeddingPersonaEncoder(generator);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            encoder.EncodePersonasAsync([new PersonaText(Persona, null), new PersonaText(Persona, "x")], Token));

        Assert.Contains("returned 1 vectors for 2 texts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeAsync_GeneratorReturnsWrongDimension_ThrowsClearly()
    {
        var generator = new FakeEmbeddingGenerator(8) { Corrupt = e => [.. e.Select(_ => new Embedding<float>(new float[5] { 1, 2, 3, 4, 5 }))] };
        var encoder = new EmbeddingPersonaEncoder(generator);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => encoder.EncodePersonasAsync([new PersonaText(Persona, null)], Token));

        Assert.Contains("text 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeAsync_GeneratorReturnsNaN_ThrowsClearly()
    {
        var generator = new FakeEmbeddingGenerator(4) { Corrupt = e => [.. e.Select(_ => new Embedding<float>(new[] { 1f, float.NaN, 0, 0 }))] };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EmbeddingPersonaEncoder(generator).EncodePersonasAsync([new PersonaText(Persona, null)], Token));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_GeneratorWithoutMetadata_RequiresDimensionAndModelId()
    {
        var generator = new FakeEmbeddingGenerator(8, reportMetadata: false);

        Assert.Contains("Dimension", Assert.Throws<ArgumentException>(() => new EmbeddingPersonaEncoder(generator)).Message, StringComparison.Ordinal);
        Assert.Contains("ModelId", Assert.Throws<ArgumentException>(() => new EmbeddingPersonaEncoder(generator, new() { Dimension = 8 })).Message, StringComparison.Ordinal);
        Assert.Equal(8, new EmbeddingPersonaEncoder(generator, new() { Dimension = 8, ModelId = "m" }).Dimension);
    }
}
