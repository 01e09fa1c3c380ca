namespace Persona4Rec.Evaluation;

/// <summary>Settings of <see cref="BprMfCandidateSource"/>.</summary>
public sealed class BprMfOptions
{
    /// <summary>Gets or sets the number of latent factors. Default: 32.</summary>
    public int Factors { get; set; } = 32;

    /// <summary>Gets or sets the passes over the training interactions. Default: 40.</summary>
    public int Epochs { get; set; } = 40;

    /// <summary>Gets or sets the SGD learning rate. Default: 0.05.</summary>
    public float LearningRate { get; set; } = 0.05f;

    /// <summary>Gets or sets the L2 regularisation. Default: 0.01.</summary>
    public float Regularization { get; set; } = 0.01f;

    /// <summary>Gets or sets the seed; the same data and seed give the same model. Default: 7.</summary>
    public int Seed { get; set; } = 7;
}
