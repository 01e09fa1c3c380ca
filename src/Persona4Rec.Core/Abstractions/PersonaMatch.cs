namespace Persona4Rec;

/// <summary>
/// An allocation-free scoring result of <see cref="PersonaIndex.ScoreOrdinals"/>: the item's dense
/// ordinal, the global ordinal of the persona that won, and the score.
/// </summary>
/// <param name="ItemOrdinal">The item's dense ordinal in the index (see <see cref="PersonaIndex.TryGetItemOrdinal"/>).</param>
/// <param name="PersonaOrdinal">The winning persona's ordinal in the index (see <see cref="PersonaIndex.GetPersona"/>).</param>
/// <param name="Score">The maximum cosine similarity over the item's personas.</param>
public readonly record struct PersonaMatch(int ItemOrdinal, int PersonaOrdinal, float Score);
