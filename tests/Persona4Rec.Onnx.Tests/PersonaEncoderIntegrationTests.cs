namespace Persona4Rec.Onnx.Tests;

/// <summary>The default persona encoder on the real local model, end to end into an index.</summary>
public sealed class PersonaEncoderIntegrationTests
{
    [Fact]
    public async Task UserInteraction_LandsNearestTheMatchingPersona()
    {
        var encoder = new EmbeddingPersonaEncoder(MiniLm.Generator);
        Persona podcaster = new("P1", "pop", "Home Podcast Host", "Records spoken-word episodes in a spare room and wants clean plosives.", "Reviewers say it removed popping p sounds in voice recordings.", []);
        Persona drummer = new("P1", "pad", "Apartment Drummer", "Practises rudiments at home and must keep the noise down for neighbours.", "Reviewers practise late at night without complaints.", []);
        var personaVectors = await encoder.EncodePersonasAsync([new PersonaText(podcaster, "A double-mesh pop filter."), new PersonaText(drummer, "A 12-inch rubber practice pad.")], TestContext.Current.CancellationToken);
        var index = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId)
            .Add(new ItemPersonas("pop", "A double-mesh pop filter.", [podcaster]), [personaVectors[0]])
            .Add(new ItemPersonas("pad", "A 12-inch rubber practice pad.", [drummer]), [personaVectors[1]])
            .Build();

        var user = await encoder.EncodeInteractionsAsync(
            [new InteractionText(new UserInteraction("u", "mic", DateTimeOffset.UnixEpoch, ReviewText: "I record my weekly podcast at home and my voice sounds clear now."), "A USB condenser microphone.", null)],
            TestContext.Current.CancellationToken);

        ScoredItem[] ranked = index.Search(user[0].Span, 2);
        Assert.Equal("pop", ranked[0].ItemId);
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", index.EncoderModelId);
        Assert.True(ranked[0].Score - ranked[1].Score > 0.1f, $"margin {ranked[0].Score - ranked[1].Score}");
    }
}
