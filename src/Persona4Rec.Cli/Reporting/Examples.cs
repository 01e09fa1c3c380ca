using Persona4Rec.Evaluation;

namespace Persona4Rec.Cli.Reporting;

/// <summary>One past interaction shown with an example.</summary>
internal sealed record HistoryEntry(string ItemId, string? Title, DateTimeOffset Time, string Review);

/// <summary>An example user: their history, the held-out item and the explained recommendations.</summary>
internal sealed record ExampleUser(string UserId, IReadOnlyList<HistoryEntry> History, string HeldOutItemId, int? HeldOutRank, int CandidateCount, IReadOnlyList<Recommendation> Recommendations, Func<string, string?> TitleOf)
{
    /// <summary>An item id with its title when the metadata has one.</summary>
    public string Describe(string itemId) => TitleOf(itemId) is { Length: > 0 } title ? $"{itemId} ({title})" : itemId;
}

/// <summary>Picks example users and explains their reranked candidates.</summary>
internal static class Examples
{
    public const int Shown = 3;

    /// <summary>
    /// Takes <paramref name="count"/> evaluated users spread evenly over the sorted user ids (not
    /// picked by result), builds each profile from training and validation interactions, and
    /// reranks the first stage's 20 candidates with explanations (by the blend when there is one: the default).
    /// </summary>
    public static async Task<IReadOnlyList<ExampleUser>> BuildAsync(
        LeaveOneOutSplit split, PersonaIndex index, IPersonaEncoder encoder, ICandidateSource firstStage, RerankBlend? blend, int count, Func<string, string?> titleOf, CancellationToken cancellationToken)
    {
        string[] users = [.. split.Test.Keys.Order(StringComparer.Ordinal)];
        count = Math.Min(count, users.Length);
        var reviewsById = split.Train.ToDictionary(r => r.ReviewId, StringComparer.Ordinal);
        var recommender = new PersonaRecommender(index, reviewsById, new PersonaRecommenderOptions { SkipUnknownCandidates = true, MaxQuotes = 1, Blend = blend });
        var profiles = new UserProfileBuilder(encoder);
        var result = new List<ExampleUser>();
        for (int e = 0; e < count; e++)
        {
            string user = users[(int)((long)e * users.Length / count)];
            Review[] history = [.. split.Train.Where(r => r.UserId == user).Append(split.Validation[user]).OrderBy(r => r.Timestamp)];
            UserProfile profile = await profiles.BuildAsync(user, [.. history.Select(r => InteractionTexts.FromReview(r, index))], cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> candidates = await firstStage.GetCandidatesAsync(user, 20, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Recommendation> ranked = recommender.Rerank(profile, candidates);
            string heldOut = split.Test[user].ItemId;
            int? rank = ranked.FirstOrDefault(r => r.Item.ItemId == heldOut)?.Rank;
            result.Add(new ExampleUser(
                user,
                [.. history.TakeLast(5).Select(r => new HistoryEntry(r.ItemId, titleOf(r.ItemId), r.Timestamp, Shorten(r.Text, 140)))],
                heldOut,
                rank,
                candidates.Count,
                [.. ranked.Take(Shown)],
                titleOf));
        }

        return result;
    }

    public static string Shorten(string text, int length)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= length ? text : string.Concat(text.AsSpan(0, text.LastIndexOf(' ', length - 1) is > 0 and var cut ? cut : length), " …");
    }
}
