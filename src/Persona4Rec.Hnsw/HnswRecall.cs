namespace Persona4Rec.Hnsw;

/// <summary>Recall@k of an approximate search against the exact one (<see cref="HnswPersonaIndex.MeasureRecall"/>).</summary>
/// <param name="K">The cut-off.</param>
/// <param name="Mean">The mean over users, in [0, 1].</param>
/// <param name="PerUser">Each user's recall, in input order.</param>
public sealed record HnswRecall(int K, double Mean, IReadOnlyList<double> PerUser);
