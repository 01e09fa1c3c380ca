namespace Persona4Rec;

/// <summary>A recommended item with its rank and the human-readable reason for it.</summary>
/// <param name="Rank">One-based rank in the list returned to the user.</param>
/// <param name="Item">The scored item, including the matched persona.</param>
/// <param name="Explanation">Why the item was recommended.</param>
public sealed record Recommendation(int Rank, ScoredItem Item, RecommendationExplanation Explanation);

/// <summary>The explanation of a recommendation: the matched persona and the review passages behind it.</summary>
/// <param name="PersonaName">The matched persona's name.</param>
/// <param name="PersonaDescription">The matched persona's description.</param>
/// <param name="PreferenceRationale">Why that persona likes the item.</param>
/// <param name="Quotes">Passages from the reviews the persona rests on; may be empty.</param>
public sealed record RecommendationExplanation(
    string PersonaName,
    string PersonaDescription,
    string PreferenceRationale,
    IReadOnlyList<ReviewQuote> Quotes)
{
    /// <summary>Builds an explanation from a persona and optional quotes.</summary>
    /// <param name="persona">The matched persona.</param>
    /// <param name="quotes">Passages from the reviews behind it, or <see langword="null"/> for none.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="persona"/> is <see langword="null"/>.</exception>
    public static RecommendationExplanation From(Persona persona, IReadOnlyList<ReviewQuote>? quotes = null)
    {
        ArgumentNullException.ThrowIfNull(persona);
        return new(persona.Name, persona.Description, persona.PreferenceRationale, quotes ?? []);
    }
}

/// <summary>A passage quoted from a review.</summary>
/// <param name="ReviewId">The review quoted.</param>
/// <param name="Text">The passage.</param>
public sealed record ReviewQuote(string ReviewId, string Text);
