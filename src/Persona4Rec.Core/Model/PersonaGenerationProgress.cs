namespace Persona4Rec;

/// <summary>Progress of persona generation for one item, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="ItemId">The item being processed.</param>
/// <param name="Stage">The stage being worked on, for example <c>summary</c>, <c>aspects</c> or <c>personas</c>.</param>
/// <param name="Completed">Units of the stage completed so far.</param>
/// <param name="Total">Units the stage has in all.</param>
public readonly record struct PersonaGenerationProgress(string ItemId, string Stage, int Completed, int Total);
