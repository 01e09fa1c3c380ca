namespace Persona4Rec.Offline;

/// <summary>Settings of <see cref="ReviewPersonaGenerator"/>.</summary>
public sealed class ReviewPersonaGeneratorOptions
{
    /// <summary>Gets or sets the fewest personas for an item with at least two usable reviews. Default: 2.</summary>
    public int MinPersonas { get; set; } = 2;

    /// <summary>Gets or sets the most personas per item. Default: 7.</summary>
    public int MaxPersonas { get; set; } = 7;

    /// <summary>
    /// Gets or sets the most review sentences clustered per item. They are taken round-robin over
    /// the reviews (every review's first sentence, then every second one, ...), so long reviews do
    /// not crowd out short ones. Default: 60.
    /// </summary>
    public int MaxSentencesPerItem { get; set; } = 60;

    /// <summary>
    /// Gets or sets the most reviews of one item that are read. An item with more is represented by
    /// a subset chosen like <see cref="LlmPersonaGeneratorOptions.MaxReviewsPerItem"/>: round-robin
    /// over ratings, lowest rating first, longest review first within a rating. Default: 1,000.
    /// </summary>
    public int MaxReviewsPerItem { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the most characters of one review that are read; a longer review is cut at a
    /// word boundary and the rest ignored. Default: 10,000 (about 1,500 words).
    /// </summary>
    public int MaxReviewCharacters { get; set; } = 10_000;

    /// <summary>Gets or sets the fewest words a sentence needs to count. Default: 4.</summary>
    public int MinSentenceWords { get; set; } = 4;

    /// <summary>
    /// Gets or sets how much the star rating pulls sentences together when clustering, in [0, 1): the
    /// clustered vector is [√(1−w²)·embedding, w·(rating−3)/2], so critical and enthusiastic remarks on
    /// the same topic tend to form separate personas. Default: 0.35.
    /// </summary>
    public double RatingWeight { get; set; } = 0.35;

    /// <summary>
    /// Gets or sets the aspect schema whose slots the persona names and descriptions draw motives
    /// from (for products: purchase purpose, usage context, quality criteria). A motive is used only
    /// when one of the persona's review sentences states it, matched by embedding similarity to a
    /// small lexicon per slot (docs/personas.md); slots without lexicon entries give none. Default:
    /// <see cref="AspectSchema.Products"/>.
    /// </summary>
    public AspectSchema Schema { get; set; } = AspectSchema.Products;

    /// <summary>Gets or sets the seed of the clustering; the same seed and input give the same personas. Default: 42.</summary>
    public int Seed { get; set; } = 42;
}
