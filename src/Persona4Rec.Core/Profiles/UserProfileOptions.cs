namespace Persona4Rec;

/// <summary>Settings of <see cref="UserProfile"/>: how much history counts, and how fast it fades.</summary>
public sealed class UserProfileOptions
{
    /// <summary>Gets or sets L, the number of most recent interactions the profile averages. Default: 10 (paper).</summary>
    public int MaxInteractions { get; set; } = 10;

    /// <summary>
    /// Gets or sets γ in (0, 1]: the l-th most recent interaction weighs γ^(l−1). Default: 0.85
    /// (the paper's inference setting for Amazon; tune it on validation data).
    /// </summary>
    public float Gamma { get; set; } = 0.85f;
}
