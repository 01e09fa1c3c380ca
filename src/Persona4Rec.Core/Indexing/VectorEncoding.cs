namespace Persona4Rec;

/// <summary>
/// How an index stores its persona vectors, chosen when it is built
/// (<see cref="PersonaIndexBuilder.Build(VectorEncoding, bool)"/>, <see cref="PersonaIndex.WithEncoding"/>).
/// </summary>
/// <remarks>
/// A full scan is memory-bound, so bytes per value set its speed: 4 for <see cref="Float32"/>,
/// 2 for <see cref="Float16"/>, 1 (+ 4 per persona) for <see cref="Int8"/>. Quantised scores are
/// close to, not equal to, the exact cosines; keep the float32 vectors as well to rescore a
/// shortlist exactly (<see cref="SearchOptions.ExactRescoreCount"/>). See docs/index-format.md.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are named after the storage formats they select.")]
public enum VectorEncoding
{
    /// <summary>Exact: 4 bytes per value.</summary>
    Float32 = 0,

    /// <summary>IEEE half precision: 2 bytes per value, relative error below 2⁻¹¹ per value.</summary>
    Float16 = 1,

    /// <summary>
    /// Symmetric int8 with one float32 scale per persona (max |v| / 127): 1 byte per value. Queries
    /// are quantised to int16, so a score is an exact integer dot product times two scales.
    /// </summary>
    Int8 = 2,
}
