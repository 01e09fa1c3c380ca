namespace Persona4Rec;

/// <summary>
/// Settings of a Persona4Rec registration (<c>services.AddPersona4Rec(...)</c>), bindable from
/// configuration: section <see cref="SectionName"/>, for example
/// <c>{ "Persona4Rec": { "IndexPath": "catalogue.p4r", "Profile": { "Gamma": 0.85 }, "Recommender": { "Mode": "ReciprocalRankFusion" } } }</c>.
/// Validated when the host starts; an invalid setting stops start-up with a message that names it.
/// </summary>
public sealed class Persona4RecOptions
{
    /// <summary>The configuration section the <c>IConfiguration</c> overload binds by default: <c>Persona4Rec</c>.</summary>
    public const string SectionName = "Persona4Rec";

    /// <summary>Gets or sets the index file loaded at start-up. Required.</summary>
    public string IndexPath { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the rerank blend file (<see cref="RerankBlend"/>) the recommender uses in
    /// <see cref="RerankMode.Blend"/>, the default mode. Default: <see langword="null"/>, which
    /// loads the file beside the index (<see cref="RerankBlend.PathFor"/>) when it exists, and
    /// otherwise ranks by the persona score alone. A file named here must exist.
    /// </summary>
    public string? BlendPath { get; set; }

    /// <summary>Gets or sets the user-profile settings (L = 10, γ = 0.85 by default).</summary>
    public UserProfileOptions Profile { get; set; } = new();

    /// <summary>Gets or sets the recommender settings (pure persona reranking, two quotes by default).</summary>
    public PersonaRecommenderOptions Recommender { get; set; } = new();

    /// <summary>
    /// Gets or sets whether start-up checks that the registered encoder matches the index (same
    /// model id and dimension), so that user vectors and persona vectors share one space. Default:
    /// <see langword="true"/>. The check runs only when an embedding generator is registered.
    /// </summary>
    public bool VerifyEncoderMatchesIndex { get; set; } = true;
}
