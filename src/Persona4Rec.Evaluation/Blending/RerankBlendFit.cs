namespace Persona4Rec.Evaluation;

/// <summary>What <see cref="RerankBlendFitter.Fit"/> learned and how it chose.</summary>
/// <param name="Blend">The chosen blend, refitted on all queries.</param>
/// <param name="ConvexWeight">The persona weight α of the best convex blend on all queries (0 = first stage alone, 1 = persona rank alone).</param>
/// <param name="ConvexCurve">NDCG@10 on the fitting queries at every grid point α, in grid order.</param>
/// <param name="CrossValidatedNdcg">Out-of-fold NDCG@10 (inner cross-validation by user) of each kind; the choice is made on these.</param>
/// <param name="Queries">Fitting queries (users).</param>
/// <param name="QueriesWithPositive">Queries whose held-out item is among the candidates: only these can teach an order.</param>
public sealed record RerankBlendFit(
    RerankBlend Blend,
    double ConvexWeight,
    IReadOnlyList<(double Alpha, double Ndcg)> ConvexCurve,
    IReadOnlyDictionary<RerankBlendKind, double> CrossValidatedNdcg,
    int Queries,
    int QueriesWithPositive);
