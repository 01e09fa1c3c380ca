using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Generation;

/// <summary>The LLM-free generator's mechanics on a deterministic fake embedding model; the real-model run on the shared data is in Persona4Rec.Onnx.Tests.</summary>
public sealed class ReviewPersonaGeneratorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Review[] Reviews() =>
    [
        new("r1", "u1", "pedal", 5, "The tone is warm and creamy. It cleans up nicely with the volume knob. Blues players will love this crunch.", null, DateTimeOffset.UnixEpoch),
        new("r2", "u2", "pedal", 5, "Warm blues crunch that responds to picking. My amp finally sounds like a tube amp.", null, DateTimeOffset.UnixEpoch),
        new("r3", "u3", "pedal", 1, "There is audible hiss at high gain settings. The noise ruined my home recordings completely.", null, DateTimeOffset.UnixEpoch),
        new("r4", "u4", "pedal", 2, "Too much noise and hiss for studio recording work. Returned it after one week.", null, DateTimeOffset.UnixEpoch),
        new("r5", "u5", "pedal", 4, "Solid metal case survives gigs on the floor. The footswitch feels sturdy after many shows.", null, DateTimeOffset.UnixEpoch),
    ];

    [Fact]
    public async Task GenerateAsync_GivesGroundedPersonasOfTheRightShape()
    {
        var generator = new ReviewPersonaGenerator(new FakeEmbeddingGenerator(64));

        ItemPersonas result = await generator.GenerateAsync(new ItemInfo("pedal", "Overdrive pedal", "A tube-style overdrive. Three knobs.", []), Reviews(), cancellationToken: Token);

        Assert.Equal("Overdrive pedal. A tube-style overdrive.", result.Summary);
        Assert.InRange(result.Personas.Count, 2, 5);
        Assert.Equal(Enumerable.Range(1, result.Personas.Count).Select(i => $"P{i}"), result.Personas.Select(p => p.PersonaId));
        Assert.Equal(result.Personas.Count, result.Personas.Select(p => p.Name).Distinct().Count());
        Assert.All(result.Personas, p =>
        {
            Assert.InRange(p.Name.Split(' ').Length, 2, 4);
            Assert.DoesNotContain("overdrive", p.Name, StringComparison.OrdinalIgnoreCase); // a title word
            Assert.NotEmpty(p.ReviewIds);
            Assert.All(p.ReviewIds, id => Assert.Contains(id, new[] { "r1", "r2", "r3", "r4", "r5" }));
            Assert.Contains("(review ", p.PreferenceRationale, StringComparison.Ordinal);
        });
        Assert.Equal(5, result.Personas.SelectMany(p => p.ReviewIds).Distinct().Count());
    }

    [Fact]
    public async Task GenerateAsync_SameSeed_SameOutput_OtherSeedMayDiffer()
    {
        var generator = new ReviewPersonaGenerator(new FakeEmbeddingGenerator(64), new ReviewPersonaGeneratorOptions { Seed = 7 });
        var a = await generator.GenerateAsync(ItemInfo.FromId("pedal"), Reviews(), cancellationToken: Token);
        var b = await generator.GenerateAsync(ItemInfo.FromId("pedal"), Reviews(), cancellationToken: Token);

        Assert.Equal(a.Personas.Select(p => (p.Name, p.Description, p.PreferenceRationale, string.Join(",", p.ReviewIds))), b.Personas.Select(p => (p.Name, p.Description, p.PreferenceRationale, string.Join(",", p.ReviewIds))));
    }

    [Fact]
    public async Task GenerateAsync_SingleReview_GivesExactlyOnePersona()
    {
        var result = await new ReviewPersonaGenerator(new FakeEmbeddingGenerator(32)).GenerateAsync(ItemInfo.FromId("pedal"), Reviews()[..1], cancellationToken: Token);
        Assert.Single(result.Personas);
        Assert.Equal(["r1"], result.Personas[0].ReviewIds);
    }

    [Fact]
    public async Task GenerateAsync_NoUsableSentences_GivesTheSummaryPersona()
    {
        Review[] reviews = [new("r1", "u1", "pedal", 5, "Great!", null, DateTimeOffset.UnixEpoch), new("r2", "u2", "pedal", 4, "", null, DateTimeOffset.UnixEpoch)];
        var result = await new ReviewPersonaGenerator(new FakeEmbeddingGenerator(32))
            .GenerateAsync(new ItemInfo("pedal", "Overdrive pedal", "A tube-style overdrive. Three knobs.", []), reviews, cancellationToken: Token);

        Persona persona = Assert.Single(result.Personas);
        Assert.Equal(Persona.FromSummary("pedal", "Overdrive pedal. A tube-style overdrive."), persona);
        Assert.Equal(result.Summary, persona.Description);
        Assert.Empty(persona.ReviewIds);

        // An index takes it: the item is no longer dropped.
        var encoder = new EmbeddingPersonaEncoder(new FakeEmbeddingGenerator(32));
        PersonaIndexBuilder builder = PersonaIndexBuilder.For(encoder);
        await builder.AddAsync(result, encoder, Token);
        Assert.True(builder.Build().ContainsItem("pedal"));
    }

    [Fact]
    public async Task GenerateAsync_NoUsableSentencesAndNoSummary_FailsWithTheReason()
    {
        Review[] reviews = [new("r1", "u1", "pedal", 5, "Great!", null, DateTimeOffset.UnixEpoch)];
        var error = await Assert.ThrowsAsync<PersonaGenerationException>(() =>
            new ReviewPersonaGenerator(new FakeEmbeddingGenerator(32)).GenerateAsync(ItemInfo.FromId("pedal"), reviews, cancellationToken: Token));
        Assert.Equal("Item 'pedal' has no persona: none of its 1 reviews has a sentence of 4 words or more, and it has no title or description to stand in for them.", error.Message);
    }

    [Fact]
    public async Task GenerateAsync_CriticalReviews_NameACriticalPersona()
    {
        var result = await new ReviewPersonaGenerator(new FakeEmbeddingGenerator(64), new ReviewPersonaGeneratorOptions { RatingWeight = 0.9 })
            .GenerateAsync(ItemInfo.FromId("pedal"), Reviews(), cancellationToken: Token);
        Assert.Contains(result.Personas, p => p.Name.EndsWith(" critics", StringComparison.Ordinal) || p.Name.EndsWith(" skeptics", StringComparison.Ordinal));
    }
}
