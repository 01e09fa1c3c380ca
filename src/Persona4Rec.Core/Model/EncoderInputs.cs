namespace Persona4Rec;

/// <summary>What the encoder needs to render a persona's text: the persona and its item's summary.</summary>
/// <param name="Persona">The persona.</param>
/// <param name="ItemSummary">The neutral summary of the persona's item, or <see langword="null"/> when none exists.</param>
public sealed record PersonaText(Persona Persona, string? ItemSummary);

/// <summary>What the encoder needs to render a user interaction's text.</summary>
/// <param name="Interaction">The interaction.</param>
/// <param name="ItemSummary">The neutral summary of the interacted item, or <see langword="null"/> when none exists.</param>
/// <param name="Aspects">The user's extracted review aspects for this item, already rendered as text, or <see langword="null"/> to fall back to the review text.</param>
public sealed record InteractionText(UserInteraction Interaction, string? ItemSummary, string? Aspects);
