namespace Persona4Rec.Evaluation;

/// <summary>Settings of <see cref="RerankBlendFitter"/>.</summary>
public sealed class RerankBlendFitterOptions
{
    /// <summary>Gets or sets the steps of the convex grid between the first-stage rank (0) and the persona rank (1). Default: 20 (a step of 0.05).</summary>
    public int GridSteps { get; set; } = 20;

    /// <summary>Gets or sets the folds (by user) of the inner cross-validation that chooses between the first stage alone, the convex weight and the pairwise model. Default: 5.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>Gets or sets the L2 penalty of the pairwise logistic model. Default: 0.01.</summary>
    public double Regularization { get; set; } = 0.01;

    /// <summary>Gets or sets the full-batch gradient steps of the pairwise logistic model. Default: 300.</summary>
    public int Iterations { get; set; } = 300;

    /// <summary>
    /// Gets or sets how much a blend's cross-validated NDCG@10 must exceed the first stage's alone
    /// to be chosen. Default: 0 (any gain; ties go to the first stage).
    /// </summary>
    public double MinimumGain { get; set; }

    /// <summary>Gets or sets the seed of the fold assignment. Default: 17.</summary>
    public int Seed { get; set; } = 17;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(GridSteps, 1, nameof(GridSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        ArgumentOutOfRangeException.ThrowIfNegative(Regularization, nameof(Regularization));
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumGain, nameof(MinimumGain));
    }
}
