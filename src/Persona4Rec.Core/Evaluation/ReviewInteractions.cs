namespace Persona4Rec;

/// <summary>How evaluation and alignment training turn a review into the interaction text the encoder embeds.</summary>
internal static class ReviewInteractions
{
    /// <summary>The item's summary from the index (when it has the item) and the user's review text; no aspects.</summary>
    public static InteractionText ToInteractionText(Review review, PersonaIndex index) =>
        new(
            new UserInteraction(review.UserId, review.ItemId, review.Timestamp, review.Rating, review.ReviewId, review.Text),
            index.ContainsItem(review.ItemId) ? index.GetItemSummary(review.ItemId) : null,
            null);
}
