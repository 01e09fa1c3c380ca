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
}
