namespace Persona4Rec;

/// <summary>An item's score for one user: the best cosine similarity over the item's personas, and the persona that won.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Score">The maximum, over the item's personas, of the cosine similarity with the user vector (in [-1, 1]).</param>
/// <param name="MatchedPersona">The persona that reached <paramref name="Score"/>; it explains the score.</param>
public readonly record struct ScoredItem(string ItemId, float Score, Persona MatchedPersona);
