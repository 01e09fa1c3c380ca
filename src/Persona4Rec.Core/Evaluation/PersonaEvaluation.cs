using System.Diagnostics;

namespace Persona4Rec;

/// <summary>
/// Runs the leave-one-out evaluation of the method: for every evaluated user, each first stage
/// proposes candidates (the user's training and validation items excluded), and four rerankers
/// order them — the first stage's own order, the single-vector baseline, Persona4Rec's max
/// over personas, and Persona4Rec fused with the first stage (reciprocal-rank fusion). Each is scored by the test item's rank: HR, MRR and NDCG at every cut-off, with
/// 95% bootstrap intervals over users, warm/cold-user and head/tail-item segments at @10, and
/// paired differences. Everything is built from the split's training data by the caller; the
/// profiles here use training and validation interactions only.
/// </summary>
public static class PersonaEvaluation
{
    /// <summary>The segment name for all evaluated users.</summary>
    public const string AllUsers = "all users";

    /// <summary>The reranker name of the first stage's own order.</summary>
    public const string FirstStageOrder = "first-stage order";

    /// <summary>The reranker name of the single-vector baseline.</summary>
    public const string SingleVector = "single vector";

    /// <summary>The reranker name of Persona4Rec.</summary>
    public const string Persona4Rec = "Persona4Rec";

    /// <summary>The reranker name of Persona4Rec fused with the first stage's order (<see cref="RankFusion.ReciprocalRank"/>, k = 60).</summary>
    public const string Fusion = "Persona4Rec + first stage (RRF)";

    /// <summary>Runs the evaluation.</summary>
    /// <param name="split">The split; personas, indexes and first stages must come from its training part.</param>
    /// <param name="personaIndex">The persona index built from training reviews.</param>
    /// <param name="singleVectorIndex">The single-vector baseline built from training reviews.</param>
    /// <param name="encoder">The encoder for user interactions (the one that built the indexes).</param>
    /// <param name="firstStages">The first stages by name; they must exclude <see cref="LeaveOneOutSplit.ItemsBeforeTest"/>.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    public static async Task<EvaluationReport> RunAsync(
        LeaveOneOutSplit split,
        PersonaIndex personaIndex,
        PersonaIndex singleVectorIndex,
        IPersonaEncoder encoder,
        IReadOnlyDictionary<string, ICandidateSource> firstStages,
        PersonaEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(personaIndex);
        ArgumentNullException.ThrowIfNull(singleVectorIndex);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(firstStages);
        options ??= new PersonaEvaluationOptions();
        ArgumentNullException.ThrowIfNull(options.AdditionalIndexes, nameof(options));
        if (options.AdditionalIndexes.Keys.FirstOrDefault(n => n is FirstStageOrder or SingleVector or Persona4Rec) is { } taken)
        {
            throw new ArgumentException($"The additional index name '{taken}' is taken by a built-in reranker.", nameof(options));
        }

        string[] users = [.. split.Test.Keys.Order(StringComparer.Ordinal)];
        if (users.Length == 0)
        {
            throw new ArgumentException("The split has no evaluated users (each needs at least three interactions).", nameof(split));
        }

        Dictionary<string, List<(UserInteraction Interaction, ReadOnlyMemory<float> Vector)>> histories =
            await EncodeHistoriesAsync(split, users, personaIndex, encoder, cancellationToken).ConfigureAwait(false);
        var trainCounts = split.Train.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var itemCounts = split.Train.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Dictionary<string, string[]> segments = Segments(users, split, trainCounts, itemCounts, options.SegmentShare);

        var rows = new List<EvaluationRow>();
        var comparisons = new List<EvaluationComparison>();
        var onlineTicks = new List<long>();
        int warmupRequests = 0;
        var profileVector = new float[encoder.Dimension];
        foreach ((string stageName, ICandidateSource stage) in firstStages)
        {
            var ranks = new Dictionary<string, int?[]>
            {
                [FirstStageOrder] = new int?[users.Length],
                [SingleVector] = new int?[users.Length],
                [Persona4Rec] = new int?[users.Length],
                [Fusion] = new int?[users.Length],
            };
            foreach (string name in options.AdditionalIndexes.Keys)
            {
                ranks[name] = new int?[users.Length];
            }

            for (int u = 0; u < users.Length; u++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string user = users[u];
                string positive = split.Test[user].ItemId;
                IReadOnlyList<string> candidates = await stage.GetCandidatesAsync(user, options.Candidates, cancellationToken).ConfigureAwait(false);
                ranks[FirstStageOrder][u] = RankingMetrics.RankOf(candidates, positive);

                if (onlineTicks.Count == 0 && warmupRequests == 0)
                {
                    // Untimed first calls: jitting and first-touch costs are not the online path.
                    for (; warmupRequests < OnlineWarmupRequests; warmupRequests++)
                    {
                        _ = OnlineRequest(personaIndex, user, histories[user], candidates, options, profileVector);
                    }
                }

                long start = Stopwatch.GetTimestamp();
                (ScoredItem[] scored, string[] reranked) = OnlineRequest(personaIndex, user, histories[user], candidates, options, profileVector);
                onlineTicks.Add(Stopwatch.GetTimestamp() - start);
                ranks[Persona4Rec][u] = RankingMetrics.RankOf(reranked, positive);
                ranks[Fusion][u] = RankingMetrics.RankOf(RankFusion.ReciprocalRank(candidates, scored), positive);
                ranks[SingleVector][u] = RankingMetrics.RankOf(Rerank(singleVectorIndex, profileVector, candidates), positive);
                foreach ((string name, PersonaIndex index) in options.AdditionalIndexes)
                {
                    ranks[name][u] = RankingMetrics.RankOf(Rerank(index, profileVector, candidates), positive);
                }
            }

            foreach ((string reranker, int?[] userRanks) in ranks)
            {
                foreach (int k in options.Cutoffs)
                {
                    rows.Add(Row(stageName, reranker, AllUsers, $"HR@{k}", userRanks, Enumerable.Range(0, users.Length), r => RankingMetrics.HitRate(r, k)));
                    rows.Add(Row(stageName, reranker, AllUsers, $"MRR@{k}", userRanks, Enumerable.Range(0, users.Length), r => RankingMetrics.ReciprocalRank(r, k)));
                    rows.Add(Row(stageName, reranker, AllUsers, $"NDCG@{k}", userRanks, Enumerable.Range(0, users.Length), r => RankingMetrics.Ndcg(r, k)));
                }

                foreach ((string segment, string[] members) in segments)
                {
                    var indices = members.Select(m => Array.IndexOf(users, m)).ToArray();
                    if (indices.Length > 0)
                    {
                        rows.Add(Row(stageName, reranker, segment, "HR@10", userRanks, indices, r => RankingMetrics.HitRate(r, 10)));
                        rows.Add(Row(stageName, reranker, segment, "NDCG@10", userRanks, indices, r => RankingMetrics.Ndcg(r, 10)));
                    }
                }
            }

            foreach ((string ours, string theirs) in new[] { (Persona4Rec, FirstStageOrder), (Persona4Rec, SingleVector), (Fusion, FirstStageOrder), (Fusion, Persona4Rec) })
            {
                comparisons.Add(Compare(stageName, ranks, ours, theirs));
            }

            foreach (string name in options.AdditionalIndexes.Keys)
            {
                comparisons.Add(Compare(stageName, ranks, name, Persona4Rec));
            }
        }

        double microseconds = onlineTicks.Count == 0 ? 0 : onlineTicks.Average() * 1e6 / Stopwatch.Frequency;
        return new EvaluationReport(rows, comparisons, microseconds) { OnlineLatency = OnlineLatency.FromTicks(onlineTicks, warmupRequests) };
    }

    /// <summary>Untimed online requests before the first timed one.</summary>
    private const int OnlineWarmupRequests = 50;

    /// <summary>The online path that <see cref="OnlineLatency"/> times: the profile from cached vectors, then the rerank with explanations.</summary>
    private static (ScoredItem[] Scored, string[] Reranked) OnlineRequest(
        PersonaIndex index, string user, List<(UserInteraction Interaction, ReadOnlyMemory<float> Vector)> history, IReadOnlyList<string> candidates, PersonaEvaluationOptions options, float[] profileVector)
    {
        var profile = new UserProfile(user, index.Dimension, options.Profile);
        foreach ((UserInteraction interaction, ReadOnlyMemory<float> vector) in history)
        {
            profile.Add(interaction, vector.Span);
        }

        profile.CopyVectorTo(profileVector);
        ScoredItem[] scored = index.Score(profileVector, [.. candidates.Where(index.ContainsItem)]);
        return (scored, Rerank(scored, candidates));
    }

    private static EvaluationComparison Compare(string stage, Dictionary<string, int?[]> ranks, string better, string worse)
    {
        double[] ours = [.. ranks[better].Select(r => RankingMetrics.Ndcg(r, 10))];
        double[] theirs = [.. ranks[worse].Select(r => RankingMetrics.Ndcg(r, 10))];
        return new EvaluationComparison(stage, "NDCG@10", better, worse, BootstrapInterval.PairedDifference(ours, theirs));
    }

    /// <summary>Candidates the index holds, by max over personas; the others keep their first-stage order after them.</summary>
    private static string[] Rerank(PersonaIndex index, float[] user, IReadOnlyList<string> candidates) =>
        Rerank(index.Score(user, [.. candidates.Where(index.ContainsItem)]), candidates);

    /// <summary>Scored candidates by max over personas; the unscored ones keep their first-stage order after them.</summary>
    private static string[] Rerank(ScoredItem[] scored, IReadOnlyList<string> candidates)
    {
        var known = scored.Select(s => s.ItemId).ToHashSet(StringComparer.Ordinal);
        return [.. scored
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.ItemId, StringComparer.Ordinal)
            .Select(s => s.ItemId)
            .Concat(candidates.Where(c => !known.Contains(c)))];
    }

    private static async Task<Dictionary<string, List<(UserInteraction, ReadOnlyMemory<float>)>>> EncodeHistoriesAsync(
        LeaveOneOutSplit split, string[] users, PersonaIndex index, IPersonaEncoder encoder, CancellationToken cancellationToken)
    {
        var evaluated = users.ToHashSet(StringComparer.Ordinal);
        Review[] history = [.. split.Train.Where(r => evaluated.Contains(r.UserId)).Concat(users.Select(u => split.Validation[u]))];
        var texts = history.Select(r => InteractionText.FromReview(r, index)).ToArray();
        IReadOnlyList<ReadOnlyMemory<float>> vectors = await encoder.EncodeInteractionsAsync(texts, cancellationToken).ConfigureAwait(false);
        var result = users.ToDictionary(u => u, _ => new List<(UserInteraction, ReadOnlyMemory<float>)>(), StringComparer.Ordinal);
        for (int i = 0; i < texts.Length; i++)
        {
            result[texts[i].Interaction.UserId].Add((texts[i].Interaction, vectors[i]));
        }

        return result;
    }

    private static Dictionary<string, string[]> Segments(
        string[] users, LeaveOneOutSplit split, Dictionary<string, int> trainCounts, Dictionary<string, int> itemCounts, double share)
    {
        int userCut = Math.Max(1, (int)Math.Round(users.Length * share));
        string[] byActivity = [.. users.OrderByDescending(u => trainCounts.GetValueOrDefault(u)).ThenBy(u => u, StringComparer.Ordinal)];
        string[] items = [.. itemCounts.OrderByDescending(i => i.Value).ThenBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Key)];
        int itemCut = Math.Max(1, (int)Math.Round(items.Length * share));
        var head = items[..Math.Min(itemCut, items.Length)].ToHashSet(StringComparer.Ordinal);
        var tail = items[Math.Max(0, items.Length - itemCut)..].ToHashSet(StringComparer.Ordinal);
        return new Dictionary<string, string[]>
        {
            ["warm users (top 20% by history)"] = byActivity[..userCut],
            ["cold users (bottom 20% by history)"] = byActivity[^userCut..],
            ["head items (top 20% by reviews)"] = [.. users.Where(u => head.Contains(split.Test[u].ItemId))],
            ["tail items (bottom 20%, or unseen)"] = [.. users.Where(u => tail.Contains(split.Test[u].ItemId) || !itemCounts.ContainsKey(split.Test[u].ItemId))],
        };
    }

    private static EvaluationRow Row(string stage, string reranker, string segment, string metric, int?[] ranks, IEnumerable<int> users, Func<int?, double> value)
    {
        double[] values = [.. users.Select(u => value(ranks[u]))];
        return new EvaluationRow(stage, reranker, segment, metric, values.Length, BootstrapInterval.Mean(values));
    }
}
