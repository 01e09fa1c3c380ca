namespace Persona4Rec;

/// <summary>The output of persona generation for one item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Summary">A neutral 2–3 sentence summary of the item, or <see langword="null"/> when none could be written.</param>
/// <param name="Personas">The item's personas in order <c>P1</c>..<c>Pn</c>; the built-in generators give an item that no review grounds its summary persona (<see cref="Persona.FromSummary"/>); an empty list can still come from another generator or an older checkpoint, and an index refuses it.</param>
/// <param name="Aspects">The aspect records the personas were written from (LLM generation), or <see langword="null"/>.</param>
public sealed record ItemPersonas(
    string ItemId,
    string? Summary,
    IReadOnlyList<Persona> Personas,
    IReadOnlyList<AspectRecord>? Aspects = null);
