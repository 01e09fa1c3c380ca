namespace Persona4Rec.Evaluation;

/// <summary>Settings of <see cref="PersonaEvaluation"/>.</summary>
public sealed class PersonaEvaluationOptions
{
    /// <summary>Gets or sets how many candidates each first stage proposes. Default: 20 (paper).</summary>
    public int Candidates { get; set; } = 20;

    /// <summary>Gets or sets the cut-offs K of HR@K, MRR@K and NDCG@K. Default: 5, 10, 20.</summary>
    public IReadOnlyList<int> Cutoffs { get; set; } = [5, 10, 20];

    /// <summary>Gets or sets the share of users (items) in the warm/cold (head/tail) segments. Default: 0.2.</summary>
    public double SegmentShare { get; set; } = 0.2;

    /// <summary>Gets or sets the user-profile settings (L, γ). Default: L = 10, γ = 0.85.</summary>
    public UserProfileOptions Profile { get; set; } = new();

    /// <summary>
    /// Gets or sets further persona indexes to evaluate, by reranker name: each reranks the same
    /// candidates with the same profiles, and is compared with <see cref="PersonaEvaluation.Persona4Rec"/>
    /// (paired NDCG@10). For example the index with a trained alignment layer
    /// (<see cref="PersonaIndex.WithAlignment"/>). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, PersonaIndex> AdditionalIndexes { get; set; } = new Dictionary<string, PersonaIndex>();

    /// <summary>
    /// Gets or sets the first stages for fitting the blend, by the same names as the evaluated
    /// ones: the same models, but excluding only the user's training items
    /// (<see cref="LeaveOneOutSplit.ItemsBeforeValidation"/>), so that the validation item can be
    /// proposed. When set, the blend learned on validation (<see cref="PersonaEvaluation.Blend"/>)
    /// is evaluated under both protocols. Default: none (no blend).
    /// </summary>
    public IReadOnlyDictionary<string, ICandidateSource>? ValidationFirstStages { get; set; }

    /// <summary>
    /// Gets or sets how many candidates the persona index's full-catalogue search adds to each first
    /// stage (<see cref="HybridCandidateSource"/>), evaluated as further first stages named
    /// <c>name + persona search</c>; 0 for none. Needs <see cref="ValidationFirstStages"/>. Default: 0.
    /// </summary>
    public int PersonaSearchCount { get; set; }

    /// <summary>Gets or sets the blend fitter's settings, or <see langword="null"/> for its defaults.</summary>
    public RerankBlendFitterOptions? BlendFitter { get; set; }
}
