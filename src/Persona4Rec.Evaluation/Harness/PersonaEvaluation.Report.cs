using System.Globalization;

namespace Persona4Rec.Evaluation;

/// <content>Metrics, segments and paired comparisons from the users' ranks.</content>
public static partial class PersonaEvaluation
{
    private static void Report(Run run, string stage, string protocol, Dictionary<string, int?[]> ranks, List<EvaluationRow> rows, List<EvaluationComparison> comparisons)
    {
        int[] evaluated = [.. Enumerable.Range(0, protocol == StandardProtocol ? run.StandardCount : run.Users.Length)];
        Dictionary<string, int[]> segments = Segments(run, evaluated);
        foreach ((string reranker, int?[] userRanks) in ranks)
        {
            foreach (int k in run.Options.Cutoffs)
            {
                rows.Add(Row(stage, reranker, AllUsers, $"HR@{k}", userRanks, evaluated, r => RankingMetrics.HitRate(r, k)) with { Protocol = protocol });
                rows.Add(Row(stage, reranker, AllUsers, $"MRR@{k}", userRanks, evaluated, r => RankingMetrics.ReciprocalRank(r, k)) with { Protocol = protocol });
                rows.Add(Row(stage, reranker, AllUsers, $"NDCG@{k}", userRanks, evaluated, r => RankingMetrics.Ndcg(r, k)) with { Protocol = protocol });
            }

            foreach ((string segment, int[] members) in segments)
            {
                if (members.Length > 0)
                {
                    rows.Add(Row(stage, reranker, segment, "HR@10", userRanks, members, r => RankingMetrics.HitRate(r, 10)) with { Protocol = protocol });
                    rows.Add(Row(stage, reranker, segment, "NDCG@10", userRanks, members, r => RankingMetrics.Ndcg(r, 10)) with { Protocol = protocol });
                }
            }
        }

        var pairs = new List<(string, string)> { (Persona4Rec, FirstStageOrder), (Persona4Rec, SingleVector), (Fusion, FirstStageOrder), (Fusion, Persona4Rec) };
        pairs.AddRange(run.Options.AdditionalIndexes.Keys.Select(name => (name, Persona4Rec)));
        if (ranks.ContainsKey(Blend))
        {
            pairs.AddRange([(Blend, FirstStageOrder), (Blend, Persona4Rec), (Blend, Fusion)]);
        }

        foreach ((string ours, string theirs) in pairs)
        {
            comparisons.Add(Compare(stage, ranks, ours, theirs, evaluated) with { Protocol = protocol, Users = evaluated.Length });
        }
    }

    private static EvaluationComparison Compare(string stage, Dictionary<string, int?[]> ranks, string better, string worse, int[] users)
    {
        double[] ours = [.. users.Select(u => RankingMetrics.Ndcg(ranks[better][u], 10))];
        double[] theirs = [.. users.Select(u => RankingMetrics.Ndcg(ranks[worse][u], 10))];
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

    /// <summary>Warm/cold users (by training interactions) and head/tail items (by training reviews) among the evaluated users, as positions in <see cref="Run.Users"/>.</summary>
    private static Dictionary<string, int[]> Segments(Run run, int[] evaluated)
    {
        LeaveOneOutSplit split = run.Split;
        double share = run.Options.SegmentShare;
        var trainCounts = split.Train.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var itemCounts = split.Train.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int userCut = Math.Max(1, (int)Math.Round(evaluated.Length * share));
        int[] byActivity = [.. evaluated.OrderByDescending(u => trainCounts.GetValueOrDefault(run.Users[u])).ThenBy(u => run.Users[u], StringComparer.Ordinal)];
        string[] items = [.. itemCounts.OrderByDescending(i => i.Value).ThenBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Key)];
        int itemCut = Math.Max(1, (int)Math.Round(items.Length * share));
        var head = items[..Math.Min(itemCut, items.Length)].ToHashSet(StringComparer.Ordinal);
        var tail = items[Math.Max(0, items.Length - itemCut)..].ToHashSet(StringComparer.Ordinal);
        string percent = (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        return new Dictionary<string, int[]>
        {
            [$"warm users (top {percent} by history)"] = [.. byActivity[..userCut].Order()],
            [$"cold users (bottom {percent} by history)"] = [.. byActivity[^userCut..].Order()],
            [$"head items (top {percent} by reviews)"] = [.. evaluated.Where(u => head.Contains(run.TestItem(run.Users[u])))],
            [$"tail items (bottom {percent}, or unseen)"] = [.. evaluated.Where(u => tail.Contains(run.TestItem(run.Users[u])) || !itemCounts.ContainsKey(run.TestItem(run.Users[u])))],
        };
    }

    private static EvaluationRow Row(string stage, string reranker, string segment, string metric, int?[] ranks, IEnumerable<int> users, Func<int?, double> value)
    {
        double[] values = [.. users.Select(u => value(ranks[u]))];
        return new EvaluationRow(stage, reranker, segment, metric, values.Length, BootstrapInterval.Mean(values));
    }
}
