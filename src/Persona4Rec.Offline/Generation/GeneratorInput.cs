namespace Persona4Rec.Offline.Generation;

/// <summary>Argument checks shared by the persona generators.</summary>
internal static class GeneratorInput
{
    public static void Validate(ItemInfo item, IReadOnlyList<Review> reviews)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentException.ThrowIfNullOrEmpty(item.ItemId, nameof(item));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Review review in reviews)
        {
            if (review is null || !string.Equals(review.ItemId, item.ItemId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A review of item '{review?.ItemId}' was given for item '{item.ItemId}'.", nameof(reviews));
            }

            if (string.IsNullOrEmpty(review.ReviewId) || !seen.Add(review.ReviewId))
            {
                throw new ArgumentException($"Item '{item.ItemId}' has a review with an empty or repeated id '{review.ReviewId}'.", nameof(reviews));
            }

            if (review.Text is null)
            {
                throw new ArgumentException($"Review '{review.ReviewId}' has no text (use an empty string).", nameof(reviews));
            }
        }
    }

    /// <summary>
    /// The personas of an item that no review can ground: its summary as the one stand-in persona
    /// (<see cref="Persona.FromSummary"/>), so the item is scored on what it is and never silently left
    /// out of an index; without a summary, a <see cref="PersonaGenerationException"/> with the reason
    /// (a failure the next run retries), never "done" with no persona.
    /// </summary>
    public static ItemPersonas WithoutReviewPersonas(ItemInfo item, string? summary, string why, IReadOnlyList<AspectRecord>? aspects = null)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            throw new PersonaGenerationException(
                $"Item '{item.ItemId}' has no persona: {why}, and it has no title or description to stand in for them.");
        }

        return new ItemPersonas(item.ItemId, summary, [Persona.FromSummary(item.ItemId, summary)], aspects);
    }
}
