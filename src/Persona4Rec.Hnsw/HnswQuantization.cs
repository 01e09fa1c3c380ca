namespace Persona4Rec.Hnsw;

/// <summary>How the graph stores the persona vectors it navigates by (final scores are always the index's own).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are named after the storage formats they select.")]
public enum HnswQuantization
{
    /// <summary>Four bytes per value: the most memory, the best navigation.</summary>
    Float32 = 0,

    /// <summary>Two bytes per value.</summary>
    Float16 = 1,

    /// <summary>One byte per value: a quarter of the memory of float32 and the fastest build and search; the default.</summary>
    Int8 = 2,
}
