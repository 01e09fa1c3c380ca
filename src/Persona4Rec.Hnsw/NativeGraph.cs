using Cloud.Unum.USearch;

namespace Persona4Rec.Hnsw;

/// <summary>
/// The USearch calls in one place: creating the native graph, inserting an index's personas
/// (key = item ordinal, several vectors per key), opening a saved graph, and turning a missing
/// native library into a clear error.
/// </summary>
internal static class NativeGraph
{
    /// <summary>Personas copied and inserted per USearch call.</summary>
    private const int AddBatch = 4096;

    public static USearchIndex Create(int dimension, HnswOptions options) =>
        Native(() => new USearchIndex(
            MetricKind.Cos,
            ToScalarKind(options.Quantization),
            (ulong)dimension,
            (ulong)options.Connectivity,
            (ulong)options.ExpansionAdd,
            (ulong)options.ExpansionSearch,
            multi: true));

    public static USearchIndex Open(string path) => Native(() => new USearchIndex(path, false));

    /// <summary>Inserts every persona of <paramref name="index"/>, in ordinal order, keyed by its item's ordinal.</summary>
    public static void AddAll(USearchIndex graph, PersonaIndex index, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        int total = index.PersonaCount;
        int batch = Math.Min(AddBatch, Math.Max(1, total));
        var keys = new ulong[batch];
        var vectors = new float[batch][];
        for (int i = 0; i < batch; i++)
        {
            vectors[i] = new float[index.Dimension];
        }

        int filled = 0;
        int added = 0;
        for (int item = 0; item < index.ItemCount; item++)
        {
            (int start, int count) = index.GetPersonaOrdinals(item).GetOffsetAndLength(total);
            for (int p = start; p < start + count; p++)
            {
                keys[filled] = (ulong)item;
                index.CopyPersonaVector(p, vectors[filled]);
                if (++filled == batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    graph.Add(keys, vectors);
                    added += filled;
                    filled = 0;
                    progress?.Report((double)added / total);
                }
            }
        }

        if (filled > 0)
        {
            graph.Add(keys[..filled], vectors[..filled]);
        }

        progress?.Report(1.0);
    }

    public static ScalarKind ToScalarKind(HnswQuantization quantization) => quantization switch
    {
        HnswQuantization.Float32 => ScalarKind.Float32,
        HnswQuantization.Float16 => ScalarKind.Float16,
        _ => ScalarKind.Int8,
    };

    private static T Native<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (DllNotFoundException e)
        {
            throw new PlatformNotSupportedException(
                $"USearch has no native library for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} " +
                "(Cloud.Unum.USearch 2.26.6 ships linux-x64, osx-arm64 and win-x64). Use exact search (PersonaIndex.Search) here.",
                e);
        }
    }
}
