namespace Persona4Rec;

/// <summary>Catalogue metadata of one item, used to write its neutral summary.</summary>
/// <param name="ItemId">The item identifier.</param>
/// <param name="Title">The item title, if known.</param>
/// <param name="Description">The item description, if known.</param>
/// <param name="Categories">The item's categories, most general first; empty when unknown.</param>
public sealed record ItemInfo(
    string ItemId,
    string? Title,
    string? Description,
    IReadOnlyList<string> Categories)
{
    /// <summary>Creates item metadata that carries only an identifier.</summary>
    /// <param name="itemId">The item identifier.</param>
    /// <returns>Metadata with no title, description or categories.</returns>
    public static ItemInfo FromId(string itemId) => new(itemId, null, null, []);
}
