namespace Persona4Rec;

/// <summary>Turns what users did into the encoder's input for their profiles.</summary>
public static class InteractionTexts
{
    /// <summary>A user's review as an interaction: the item's summary from the index (when the index holds the item) and the review text; no aspects.</summary>
    /// <param name="review">The review.</param>
    /// <param name="index">The index that supplies the item summary.</param>
    /// <returns>The interaction text.</returns>
    public static InteractionText FromReview(Review review, PersonaIndex index)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(index);
        return new(
            new UserInteraction(review.UserId, review.ItemId, review.Timestamp, review.Rating, review.ReviewId, review.Text),
            index.ContainsItem(review.ItemId) ? index.GetItemSummary(review.ItemId) : null,
            null);
    }
}
