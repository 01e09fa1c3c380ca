namespace Persona4Rec;

/// <summary>
/// A second stage learned on validation data: a linear score over the first stage's rank, the
/// persona signals (max-over-personas score, its spread over the candidates, the margin over the
/// item's second persona) and cheap context (the user's history length, the item's popularity).
/// Fitted by <c>RerankBlendFitter</c> (package Persona4Rec.Evaluation), which may choose the first stage's order alone
/// (<see cref="RerankBlendKind.FirstStageOnly"/>) when the personas do not help on validation, so
/// that reranking does not make a first stage worse. Saved beside the index
/// (<see cref="PathFor"/>) and used by <see cref="PersonaRecommender"/> through
/// <see cref="PersonaRecommenderOptions.Blend"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed partial class RerankBlend
{
    /// <summary>The file-name ending of a blend saved beside an index: <c>catalogue.p4r</c> → <c>catalogue.blend.json</c>.</summary>
    public const string FileExtension = ".blend.json";

    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly Dictionary<string, int> _popularity;

    internal RerankBlend(
        RerankBlendKind kind,
        double[] weights,
        double[] means,
        double[] scales,
        string firstStage,
        IPersonaIndex index,
        IReadOnlyDictionary<string, int> popularity,
        int fittedUsers)
        : this(kind, weights, means, scales, firstStage, index.EncoderModelId, index.TemplateId, index.Dimension, popularity, fittedUsers)
    {
    }

    private RerankBlend(
        RerankBlendKind kind,
        double[] weights,
        double[] means,
        double[] scales,
        string firstStage,
        string encoderModelId,
        string templateId,
        int dimension,
        IReadOnlyDictionary<string, int> popularity,
        int fittedUsers)
    {
        Kind = kind;
        _weights = weights;
        _means = means;
        _scales = scales;
        FirstStage = firstStage;
        EncoderModelId = encoderModelId;
        TemplateId = templateId;
        Dimension = dimension;
        _popularity = new Dictionary<string, int>(popularity, StringComparer.Ordinal);
        FittedUsers = fittedUsers;
    }

    /// <summary>Gets the names of the features, in the order of <see cref="Weights"/>.</summary>
    public static IReadOnlyList<string> FeatureNames => BlendFeatures.Names;

    /// <summary>Gets what was learned: the first stage alone, a convex weight, or the pairwise linear model.</summary>
    public RerankBlendKind Kind { get; }

    /// <summary>Gets the weight of each feature (see <see cref="FeatureNames"/>), on features standardised over the fitting candidates.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Gets the name of the first stage whose candidates the blend was fitted on (for the report; not checked).</summary>
    public string FirstStage { get; }

    /// <summary>Gets the encoder model id of the index the blend was fitted with.</summary>
    public string EncoderModelId { get; }

    /// <summary>Gets the persona-text template id of the index the blend was fitted with.</summary>
    public string TemplateId { get; }

    /// <summary>Gets the vector dimension of the index the blend was fitted with.</summary>
    public int Dimension { get; }

    /// <summary>Gets how many validation users the blend was fitted on.</summary>
    public int FittedUsers { get; }

    /// <summary>The blend file that belongs to an index file: the same name with <see cref="FileExtension"/>.</summary>
    /// <param name="indexPath">The index file.</param>
    /// <returns>The blend file's path (which may not exist).</returns>
    public static string PathFor(string indexPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexPath);
        return Path.ChangeExtension(indexPath, FileExtension);
    }

    /// <summary>Checks that the blend was fitted with an index of the same encoder, template and dimension as <paramref name="index"/>.</summary>
    /// <param name="index">The index the blend is about to be used with.</param>
    /// <exception cref="ArgumentException">The blend belongs to another kind of index; the message names both.</exception>
    public void EnsureMatches(IPersonaIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Dimension != Dimension
            || !string.Equals(index.EncoderModelId, EncoderModelId, StringComparison.Ordinal)
            || !string.Equals(index.TemplateId, TemplateId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The rerank blend was fitted with an index of '{EncoderModelId}', template '{TemplateId}', {Dimension}-d; this index is '{index.EncoderModelId}', template '{index.TemplateId}', {index.Dimension}-d. Fit the blend again for this index.",
                nameof(index));
        }
    }

    internal bool UsesMargins => _weights[BlendFeatures.Margin] != 0;

    internal int PopularityOf(string itemId) => _popularity.GetValueOrDefault(itemId);

    internal IReadOnlyDictionary<string, int> Popularity => _popularity;

    internal ReadOnlySpan<double> Means => _means;

    internal ReadOnlySpan<double> Scales => _scales;

    /// <summary>The blend score of each candidate from its feature rows.</summary>
    internal static void Score(ReadOnlySpan<double> weights, ReadOnlySpan<double> means, ReadOnlySpan<double> scales, ReadOnlySpan<double> features, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            ReadOnlySpan<double> row = features.Slice(i * BlendFeatures.Count, BlendFeatures.Count);
            double score = 0;
            for (int f = 0; f < BlendFeatures.Count; f++)
            {
                score += weights[f] * (row[f] - means[f]) / scales[f];
            }

            destination[i] = score;
        }
    }

    /// <summary>
    /// The candidates' positions (in first-stage order) sorted best first by the blend; ties keep the
    /// first stage's order, so <see cref="RerankBlendKind.FirstStageOnly"/> returns 0, 1, 2, …
    /// </summary>
    internal int[] Order(ReadOnlySpan<float> scores, ReadOnlySpan<float> margins, int historyLength, IReadOnlyList<string> itemIds)
    {
        int n = scores.Length;
        var popularity = new int[n];
        for (int i = 0; i < n; i++)
        {
            popularity[i] = PopularityOf(itemIds[i]);
        }

        var features = new double[n * BlendFeatures.Count];
        BlendFeatures.Compute(scores, margins, historyLength, popularity, features);
        var blended = new double[n];
        Score(_weights, _means, _scales, features, blended);
        return OrderBy(blended);
    }

    /// <summary>Positions sorted by score, best first; ties by position.</summary>
    internal static int[] OrderBy(double[] scores)
    {
        int[] order = [.. Enumerable.Range(0, scores.Length)];
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is int c && c != 0 ? c : a.CompareTo(b));
        return order;
    }
}
