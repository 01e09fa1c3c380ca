using Cloud.Unum.USearch;

namespace Persona4Rec.Hnsw;

/// <summary>
/// Approximate full-catalogue search over a <see cref="PersonaIndex"/>: an HNSW graph
/// (<see href="https://github.com/unum-cloud/usearch">USearch</see>) over every persona vector, keyed
/// by item, finds the personas nearest to the user; every distinct item among them is then scored
/// exactly by the wrapped index (max over all its personas), and the best k are returned with their
/// winning persona. Scores are therefore exact; only whether an item is found is approximate
/// (recall, see <see cref="MeasureRecall"/>).
/// </summary>
/// <remarks>
/// <para>
/// Use it when an exact scan of the catalogue is too slow for the latency budget (roughly beyond a
/// million personas; benchmarks/README.md has the measured crossover). Reranking a candidate list
/// (<see cref="Score"/>, <see cref="ScoreBatch"/>) is always exact: it goes straight to the wrapped
/// index.
/// </para>
/// <para>
/// The graph is built from the wrapped index's vectors as the index scores them (aligned indexes
/// included) and must be rebuilt, or loaded from a file saved for the same index, whenever the index
/// changes: <see cref="Load"/> refuses a graph whose index fingerprint differs.
/// </para>
/// <para>
/// Thread safety: searches may run concurrently from any number of threads. <see cref="Dispose"/>
/// frees the native graph and must not race with searches.
/// </para>
/// </remarks>
public sealed partial class HnswPersonaIndex : IPersonaIndex, IDisposable
{
    private readonly USearchIndex _graph;

    /// <summary>
    /// USearch keeps one search context per hardware thread and fails a search that finds none
    /// free ("Reserve capacity ahead of searches!") instead of waiting; this gate makes excess
    /// concurrent searches wait for a context. Searching is CPU-bound, so no throughput is lost.
    /// </summary>
    private readonly SemaphoreSlim _searchSlots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly int _neighboursPerResult;
    private int _disposed;

    private HnswPersonaIndex(PersonaIndex exact, USearchIndex graph, HnswOptions options, ulong fingerprint)
    {
        Exact = exact;
        _graph = graph;
        Options = options;
        Fingerprint = fingerprint;
        int maxPersonas = MaxPersonasPerItem(exact);
        _neighboursPerResult = options.NeighboursPerResult > 0 ? options.NeighboursPerResult : Math.Max(1, 2 * maxPersonas);
    }

    /// <summary>Gets the exact index the graph was built over; it scores every result.</summary>
    public PersonaIndex Exact { get; }

    /// <summary>Gets the options the graph was built (or loaded) with.</summary>
    public HnswOptions Options { get; }

    /// <summary>Gets how many persona neighbours a search asks the graph for per requested item.</summary>
    public int NeighboursPerResult => _neighboursPerResult;

    /// <inheritdoc/>
    public int Dimension => Exact.Dimension;

    /// <inheritdoc/>
    public int ItemCount => Exact.ItemCount;

    /// <inheritdoc/>
    public int PersonaCount => Exact.PersonaCount;

    /// <inheritdoc/>
    public string EncoderModelId => Exact.EncoderModelId;

    /// <inheritdoc/>
    public string TemplateId => Exact.TemplateId;

    /// <inheritdoc/>
    /// <remarks>Always <see langword="false"/>: the graph proposes the items that are then scored exactly, so an item the graph misses is missing (recall in docs/approximate-search.md).</remarks>
    public bool IsExactSearch => false;

    /// <summary>Gets the native graph, for benchmarks that use USearch directly on the same graph.</summary>
    internal USearchIndex Graph => _graph;

    /// <summary>Gets the fingerprint of the index content the graph was built for (see <see cref="ComputeFingerprint"/>).</summary>
    internal ulong Fingerprint { get; }

    /// <summary>
    /// Builds the graph over every persona of <paramref name="index"/>. Building is single-threaded
    /// inside USearch and takes minutes for a million personas (benchmarks/README.md); save the
    /// result with <see cref="Save"/> and <see cref="Load"/> it at start-up.
    /// </summary>
    /// <param name="index">The exact index; it stays in use for scoring and must outlive the graph.</param>
    /// <param name="options">Graph settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives the fraction of personas inserted, from 0 to 1, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the build between batches of personas.</param>
    /// <returns>The approximate index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    /// <exception cref="PlatformNotSupportedException">USearch has no native library for this platform.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static HnswPersonaIndex Build(
        PersonaIndex index,
        HnswOptions? options = null,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        options ??= new HnswOptions();
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        USearchIndex graph = NativeGraph.Create(index.Dimension, options);
        try
        {
            NativeGraph.AddAll(graph, index, progress, cancellationToken);
            return new HnswPersonaIndex(index, graph, options, ComputeFingerprint(index));
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public bool ContainsItem(string itemId) => Exact.ContainsItem(itemId);

    /// <inheritdoc/>
    public IReadOnlyList<Persona> GetPersonas(string itemId) => Exact.GetPersonas(itemId);

    /// <inheritdoc/>
    /// <remarks>Exact: reranking goes straight to <see cref="Exact"/>.</remarks>
    public ScoredItem[] Score(ReadOnlySpan<float> userVector, IReadOnlyList<string> candidateItemIds) =>
        Exact.Score(userVector, candidateItemIds);

    /// <inheritdoc/>
    /// <remarks>Exact: reranking goes straight to <see cref="Exact"/>.</remarks>
    public ScoredItem[][] ScoreBatch(
        IReadOnlyList<ReadOnlyMemory<float>> userVectors,
        IReadOnlyList<IReadOnlyList<string>> candidateItemIds,
        CancellationToken cancellationToken = default) =>
        Exact.ScoreBatch(userVectors, candidateItemIds, cancellationToken);

    /// <summary>Frees the native graph. The wrapped <see cref="Exact"/> index is not affected.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _graph.Dispose();
            _searchSlots.Dispose();
        }
    }

    /// <summary>The largest number of personas any item has.</summary>
    private static int MaxPersonasPerItem(PersonaIndex index)
    {
        int max = 0;
        for (int item = 0; item < index.ItemCount; item++)
        {
            (_, int count) = index.GetPersonaOrdinals(item).GetOffsetAndLength(index.PersonaCount);
            max = Math.Max(max, count);
        }

        return max;
    }
}
