namespace Persona4Rec.Offline.Generation;

/// <summary>
/// Picks a representative subset of an item's reviews when there are more than a prompt can hold:
/// round-robin over rating groups, lowest rating first (so critical voices are never crowded out),
/// longest review first within a group. Deterministic.
/// </summary>
internal static class ReviewSampler
{
    public static IReadOnlyList<Review> SelectRepresentative(IReadOnlyList<Review> reviews, int max)
    {
        if (reviews.Count <= max)
        {
            return reviews;
        }

        var groups = reviews
            .GroupBy(r => r.Rating is float rating ? (int)MathF.Round(rating) : 0)
            .OrderBy(g => g.Key)
            .Select(g => new Queue<Review>(g.OrderByDescending(r => r.Text.Length).ThenBy(r => r.ReviewId, StringComparer.Ordinal)))
            .ToList();
        var selected = new List<Review>(max);
        while (selected.Count < max)
        {
            foreach (Queue<Review> group in groups)
            {
                if (selected.Count < max && group.Count > 0)
                {
                    selected.Add(group.Dequeue());
                }
            }
        }

        return selected;
    }
}
