namespace Persona4Rec.Offline;

/// <summary>The item metadata read from a file, and the lines that could not be read.</summary>
/// <param name="Items">The items, in file order.</param>
/// <param name="BadLines">Lines skipped, with their line numbers and reasons.</param>
public sealed record ItemMetadataResult(IReadOnlyList<ItemInfo> Items, IReadOnlyList<BadLine> BadLines);
