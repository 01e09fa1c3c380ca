namespace Persona4Rec.Hnsw;

/// <summary>
/// How an <see cref="HnswPersonaIndex"/> builds its graph and how widely it searches. The defaults
/// reached recall@10 ≥ 0.95 on the benchmarks in benchmarks/README.md; measure your own data with
/// <see cref="HnswPersonaIndex.MeasureRecall"/>.
/// </summary>
public sealed record HnswOptions
{
    /// <summary>Gets the number of graph neighbours per node (HNSW's M), in [2, 256]. Default 16.</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>Gets the breadth of the candidate list while inserting (efConstruction), in [1, 4096]. Default 64.</summary>
    public int ExpansionAdd { get; init; } = 64;

    /// <summary>
    /// Gets the least breadth of the candidate list while searching (ef), in [1, 4096]. Default 64.
    /// A search never explores fewer candidates than the persona neighbours it asks for
    /// (k × <see cref="NeighboursPerResult"/>), so that number usually decides.
    /// </summary>
    public int ExpansionSearch { get; init; } = 64;

    /// <summary>Gets how the graph stores vectors. Default <see cref="HnswQuantization.Int8"/>.</summary>
    public HnswQuantization Quantization { get; init; } = HnswQuantization.Int8;

    /// <summary>
    /// Gets how many nearest personas are fetched per requested item, in [1, 1024]: the graph
    /// returns personas, several of which may belong to one item, and every distinct item among
    /// them is rescored exactly (max over all its personas). 0 (the default) means twice the largest
    /// number of personas any item has. Larger values raise recall and cost.
    /// </summary>
    public int NeighboursPerResult { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    internal void Validate()
    {
        Check(Connectivity, 2, 256, nameof(Connectivity));
        Check(ExpansionAdd, 1, 4096, nameof(ExpansionAdd));
        Check(ExpansionSearch, 1, 4096, nameof(ExpansionSearch));
        Check(NeighboursPerResult, 0, 1024, nameof(NeighboursPerResult));
        if (!Enum.IsDefined(Quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(Quantization), Quantization, "HnswOptions.Quantization must be Float32, Float16 or Int8.");
        }

        static void Check(int value, int min, int max, string name)
        {
            if (value < min || value > max)
            {
                throw new ArgumentOutOfRangeException(name, value, $"HnswOptions.{name} is {value}; it must be in [{min}, {max}].");
            }
        }
    }
}
