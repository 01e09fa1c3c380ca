namespace Persona4Rec.Tests.Encoding;

public sealed class PersonaTextTemplatesTests
{
    private static readonly Persona Persona = new("P1", "i1", "Gigging Guitarist", "Plays live often.", "Tunes fast on dark stages.", ["r1"]);

    [Fact]
    public void RenderPersona_UsesTheLabelledTemplateInOrder()
    {
        string text = PersonaTextTemplates.RenderPersona(new PersonaText(Persona, "A clip-on tuner."));

        Assert.Equal(
            "Persona: Gigging Guitarist\nDescription: Plays live often.\nItem: A clip-on tuner.\nWhy they like it: Tunes fast on dark stages.",
            text);
    }

    [Fact]
    public void RenderPersona_WithoutSummary_LeavesTheLineOut()
    {
        string text = PersonaTextTemplates.RenderPersona(new PersonaText(Persona, "  "));
        Assert.DoesNotContain("Item:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderInteraction_PrefersAspects_ThenFallsBackToReviewText()
    {
        var interaction = new UserInteraction("u", "i1", DateTimeOffset.UnixEpoch, 5, "r1", "Great tuner for gigs.");

        Assert.Equal(
            "Item: A clip-on tuner.\nWhat the user cared about: usage context: live gigs",
            PersonaTextTemplates.RenderInteraction(new InteractionText(interaction, "A clip-on tuner.", "usage context: live gigs")));
        Assert.Equal(
            "Item: A clip-on tuner.\nWhat the user cared about: Great tuner for gigs.",
            PersonaTextTemplates.RenderInteraction(new InteractionText(interaction, "A clip-on tuner.", null)));
    }
}
