namespace Persona4Rec.Offline;

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
