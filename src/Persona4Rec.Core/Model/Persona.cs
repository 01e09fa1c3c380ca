namespace Persona4Rec;

/// <summary>
/// One interpretable kind of person who likes an item, and why. Personas are written offline
/// (by an LLM or derived from reviews); online, the persona that best matches a user explains
/// the recommendation.
/// </summary>
/// <param name="PersonaId">The persona's identifier within its item: <c>P1</c>..<c>Pn</c>.</param>
/// <param name="ItemId">The item the persona belongs to.</param>
/// <param name="Name">A short, specific name (2–3 words).</param>
/// <param name="Description">About three sentences: tendencies, motivations, attitude.</param>
/// <param name="PreferenceRationale">Why this persona likes (or does not like) the item, grounded in reviews.</param>
/// <param name="ReviewIds">The identifiers of the reviews the persona rests on.</param>
public sealed record Persona(
    string PersonaId,
    string ItemId,
    string Name,
    string Description,
    string PreferenceRationale,
    IReadOnlyList<string> ReviewIds)
{
    /// <summary>Returns the conventional identifier of the persona at a zero-based position: 0 → <c>P1</c>.</summary>
    /// <param name="position">The zero-based position of the persona within its item.</param>
    /// <returns>The identifier <c>P{position + 1}</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is negative.</exception>
    public static string IdFor(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return "P" + (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The stand-in persona of an item that has no reviews yet: its summary plays the description,
    /// so the item is scored against its summary embedding, as the method prescribes.
    /// </summary>
    /// <param name="itemId">The item.</param>
    /// <param name="summary">The item's neutral summary.</param>
    /// <returns>A persona <c>P1</c> named "General Audience", citing no reviews.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static Persona FromSummary(string itemId, string summary)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentException.ThrowIfNullOrEmpty(summary);
        return new Persona(IdFor(0), itemId, "General Audience", summary, "No reviews yet: matched on what the item is.", []);
    }
}
