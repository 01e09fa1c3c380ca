namespace Persona4Rec.Offline;

/// <summary>The reviews read from a file, and the lines that could not be read.</summary>
/// <param name="Reviews">The reviews, in file order.</param>
/// <param name="BadLines">Lines skipped, with their line numbers and reasons.</param>
public sealed record ReviewFileResult(IReadOnlyList<Review> Reviews, IReadOnlyList<BadLine> BadLines);
