namespace Persona4Rec;

/// <summary>
/// The slots an aspect record has: domain configuration, not code. Each slot holds what a review
/// says about one facet of the reviewer's preference, with the reason the review gives, or nothing
/// when the review gives no evidence.
/// </summary>
/// <param name="Name">The schema's name, e.g. <c>products</c>.</param>
/// <param name="Slots">The slots, in prompt order.</param>
public sealed record AspectSchema(string Name, IReadOnlyList<AspectSlot> Slots)
{
    /// <summary>The default schema for products: category preference, purchase purpose, quality criteria, usage context.</summary>
    public static AspectSchema Products { get; } = new("products",
    [
        new("category_preference", "what kind of product the reviewer prefers and looks for"),
        new("purchase_purpose", "why the reviewer bought it, what problem it solves for them"),
        new("quality_criteria", "which qualities the reviewer judges it by (sound, build, price, ...)"),
        new("usage_context", "where, when and how the reviewer uses it"),
    ]);

    /// <summary>The schema for restaurants: cuisine, dishes and attributes, visit purpose, quality criteria, visit context.</summary>
    public static AspectSchema Restaurants { get; } = new("restaurants",
    [
        new("cuisine", "the cuisine the reviewer prefers"),
        new("dishes_attributes", "dishes or attributes the reviewer mentions liking or disliking"),
        new("visit_purpose", "why the reviewer visited (date, business lunch, family, ...)"),
        new("quality_criteria", "which qualities the reviewer judges it by (taste, service, price, ...)"),
        new("visit_context", "when and with whom the reviewer visited"),
    ]);
}

/// <summary>One slot of an <see cref="AspectSchema"/>.</summary>
/// <param name="Key">The JSON property name, in snake_case.</param>
/// <param name="Description">What the slot should hold, shown to the LLM.</param>
public sealed record AspectSlot(string Key, string Description);

/// <summary>A filled slot: what the review says, and the reason it gives.</summary>
/// <param name="Value">The facet, in a few words.</param>
/// <param name="Reason">The evidence from the review.</param>
public sealed record AspectValue(string Value, string Reason);

/// <summary>The aspects extracted from one review.</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="UserId">The reviewer.</param>
/// <param name="Slots">Slot key → value, or <see langword="null"/> when the review gives no evidence.</param>
public sealed record AspectRecord(string ReviewId, string UserId, IReadOnlyDictionary<string, AspectValue?> Slots)
{
    /// <summary>Gets the share of slots with no value, in [0, 1].</summary>
    public double EmptyFraction => Slots.Count == 0 ? 1 : Slots.Count(s => s.Value is null || string.IsNullOrWhiteSpace(s.Value.Value)) / (double)Slots.Count;

    /// <summary>Renders the filled slots as text, e.g. for the interaction template: <c>usage context: live gigs (because ...)</c>.</summary>
    /// <returns>One line per filled slot.</returns>
    public string Render() => string.Join("\n", Slots
        .Where(s => s.Value is not null && !string.IsNullOrWhiteSpace(s.Value.Value))
        .Select(s => $"{s.Key.Replace('_', ' ')}: {s.Value!.Value} (because {s.Value.Reason})"));
}
