namespace Persona4Rec;

/// <summary>Settings of <see cref="PersonaRecommender"/>.</summary>
public sealed class PersonaRecommenderOptions
{
    /// <summary>Gets or sets how many review quotes an explanation carries at most. Default: 2.</summary>
    public int MaxQuotes { get; set; } = 2;

    /// <summary>Gets or sets the longest quote in characters; longer review text is cut at a word boundary. Default: 240.</summary>
    public int MaxQuoteCharacters { get; set; } = 240;

    /// <summary>
    /// Gets or sets whether candidates the index does not hold are dropped (<see langword="true"/>)
    /// or rejected with <see cref="UnknownItemException"/> (<see langword="false"/>, the default).
    /// </summary>
    public bool SkipUnknownCandidates { get; set; }

    /// <summary>
    /// Gets or sets how <see cref="PersonaRecommender.Rerank"/> orders candidates:
    /// <see cref="RerankMode.Blend"/> (the default: the <see cref="Blend"/> learned on validation,
    /// or, when none is set, the persona score alone), <see cref="RerankMode.Personas"/> (the paper:
    /// by persona score alone) or <see cref="RerankMode.ReciprocalRankFusion"/> (the first stage's
    /// order fused with the persona order, see <see cref="RankFusion"/>). Full-catalogue search has
    /// no first stage and ignores it.
    /// </summary>
    public RerankMode Mode { get; set; } = RerankMode.Blend;

    /// <summary>
    /// Gets or sets the blend learned on validation (<see cref="RerankBlend.Load"/>), used in
    /// <see cref="RerankMode.Blend"/>; it must have been fitted with an index like the
    /// recommender's (<see cref="RerankBlend.EnsureMatches"/>). Default: none.
    /// </summary>
    public RerankBlend? Blend { get; set; }

    /// <summary>Gets or sets the constant k of reciprocal-rank fusion. Default: 60.</summary>
    public int FusionK { get; set; } = RankFusion.DefaultK;
}

/// <summary>How a first stage's candidates are ordered.</summary>
public enum RerankMode
{
    /// <summary>By the max-over-personas score alone (the paper's setting).</summary>
    Personas,

    /// <summary>By reciprocal-rank fusion of the first stage's order and the persona order.</summary>
    ReciprocalRankFusion,

    /// <summary>
    /// By the <see cref="RerankBlend"/> learned on validation (<see cref="PersonaRecommenderOptions.Blend"/>),
    /// which falls back to the first stage's order where the personas did not help; without a blend,
    /// as <see cref="Personas"/>.
    /// </summary>
    Blend,
}
