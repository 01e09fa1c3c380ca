using System.Numerics.Tensors;

namespace Persona4Rec.Evaluation;

/// <summary>
/// The single-vector baseline of the evaluation: each item is one vector, the mean of its reviews'
/// embeddings (encoded like user interactions: item summary + review text), instead of a set of
/// personas. It is built as an ordinary <see cref="PersonaIndex"/> with one stand-in persona per
/// item, so it is scored by exactly the same code as Persona4Rec and the comparison isolates
/// "max over personas" against "one vector per item".
/// </summary>
public static class SingleVectorBaseline
{
    /// <summary>The template id recorded in the baseline's index.</summary>
    public const string TemplateId = "single-vector-review-mean";

    /// <summary>Builds the baseline index from training reviews.</summary>
    /// <param name="encoder">The encoder (the same one the user profiles use).</param>
    /// <param name="reviews">The training reviews; items are taken from them.</param>
    /// <param name="summaries">Item summaries by item id, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the encoding.</param>
    /// <returns>An index with one vector per reviewed item.</returns>
    public static async Task<PersonaIndex> BuildAsync(
        IPersonaEncoder encoder,
        IEnumerable<Review> reviews,
        IReadOnlyDictionary<string, string?>? summaries = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(reviews);
        var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, TemplateId);
        foreach (IGrouping<string, Review> item in reviews.GroupBy(r => r.ItemId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string? summary = summaries?.GetValueOrDefault(item.Key);
            Review[] itemReviews = [.. item];
            IReadOnlyList<ReadOnlyMemory<float>> vectors = await encoder.EncodeInteractionsAsync(
                [.. itemReviews.Select(r => new InteractionText(new UserInteraction(r.UserId, r.ItemId, r.Timestamp, r.Rating, r.ReviewId, r.Text), summary, null))],
                cancellationToken).ConfigureAwait(false);
            var mean = new float[encoder.Dimension];
            foreach (ReadOnlyMemory<float> vector in vectors)
            {
                TensorPrimitives.Add(mean, vector.Span, mean);
            }

            var persona = new Persona(
                Persona.IdFor(0),
                item.Key,
                "All Reviewers",
                $"The average of the item's {itemReviews.Length} training reviews.",
                "Single-vector baseline: one vector per item, no personas.",
                [.. itemReviews.Take(3).Select(r => r.ReviewId)]);
            builder.Add(new ItemPersonas(item.Key, summary, [persona]), [mean]);
        }

        return builder.Build();
    }
}
