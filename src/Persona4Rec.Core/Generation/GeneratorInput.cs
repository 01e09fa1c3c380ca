namespace Persona4Rec.Generation;

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
}
