namespace Persona4Rec.Evaluation;

/// <summary>Settings of <see cref="AlignmentTrainer"/>. The defaults were chosen on validation data (docs/evaluation.md).</summary>
public sealed class AlignmentTrainerOptions
{
    /// <summary>Gets or sets the rank r of the update W = I + U·Vᵀ, 1 to the dimension. Default: 16.</summary>
    public int Rank { get; set; } = 16;

    /// <summary>
    /// Gets or sets the InfoNCE temperature τ &gt; 0. Default: 0.1 (0.05 lowered validation NDCG@10
    /// on the Musical Instruments data and did not recover).
    /// </summary>
    public float Temperature { get; set; } = 0.1f;

    /// <summary>Gets or sets the AdamW learning rate. Default: 0.001.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>Gets or sets the AdamW (decoupled) weight decay. Default: 0.01.</summary>
    public float WeightDecay { get; set; } = 0.01f;

    /// <summary>
    /// Gets or sets the mini-batch size; the batch's other positives are each user's negatives.
    /// Default: 256 (more negatives per pair trained more steadily than 64 on validation).
    /// </summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Gets or sets the most passes over the training pairs. Default: 60.</summary>
    public int MaxEpochs { get; set; } = 60;

    /// <summary>
    /// Gets or sets how many epochs without a better validation NDCG@10 end training. Default: 15:
    /// validation NDCG@10 first dips for several epochs before it rises above the untrained layer.
    /// </summary>
    public int Patience { get; set; } = 15;

    /// <summary>Gets or sets the seed of initialisation and shuffling; the same seed and data give a bit-identical layer. Default: 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Gets or sets how many candidates the validation first stage proposes per user for the
    /// index to rerank. Default: 20 (the size of the paper's rerank lists).
    /// </summary>
    public int ValidationCandidates { get; set; } = 20;

    /// <summary>
    /// Gets or sets the user-profile settings (L, γ) used to build each training pair's user
    /// vector and the validation profiles. Use the settings the index will be queried with.
    /// Default: L = 10, γ = 0.85.
    /// </summary>
    public UserProfileOptions Profile { get; set; } = new();
}
