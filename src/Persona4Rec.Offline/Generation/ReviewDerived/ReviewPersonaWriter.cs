using System.Globalization;
using System.Numerics.Tensors;

namespace Persona4Rec.Offline.Generation.ReviewDerived;

/// <summary>What the writer needs about one item: its sentences with their vectors, and its phrase and motive vectors.</summary>
internal sealed record WriterInput(
    string ItemId,
    IReadOnlyList<ReviewSentence> Sentences,
    float[][] Vectors,
    IReadOnlyList<KeyPhrase>[] Phrases,
    IReadOnlyDictionary<string, float[]> PhraseVectors,
    Motive[] Motives,
    float[][] MotiveVectors,
    int ReviewCount,
    string[] ItemWords);

/// <summary>
/// Turns clusters of review sentences into personas: a name of a key phrase and a role, a description
/// of 2–3 sentences, a rationale quoting the reviews, and the reviews cited. Every word of a name or a
/// description that is not fixed template text is quoted or taken verbatim from the cluster's reviews.
/// </summary>
internal static class ReviewPersonaWriter
{
    /// <summary>The weight of relevance against redundancy in maximal marginal relevance (KeyBERT's "diversity" is 1 − this).</summary>
    private const float Relevance = 0.6f;

    /// <summary>The least cosine similarity between a sentence and a motive's probe for the motive to count as stated.</summary>
    internal const float MotiveThreshold = 0.55f;

    /// <summary>The cosine similarity of two clusters' centroids above which, at the same stance, they are one persona.</summary>
    internal const float NearDuplicate = 0.9f;

    public static IReadOnlyList<Persona> Write(WriterInput input, int[][] clusters)
    {
        float[][] centroids = [.. clusters.Select(m => Centroid(m, input.Vectors))];
        var names = new string?[clusters.Length];
        var chosen = new List<string>[clusters.Length];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < clusters.Length; c++)
        {
            chosen[c] = Mmr(input.Phrases[c], input.PhraseVectors, centroids[c], 3);
            (Motive Motive, int Sentence)? motive = FindMotive(clusters[c], input);
            string role = Role(MeanRating(clusters[c].Select(i => input.Sentences[i])));
            names[c] = chosen[c].Concat(input.Phrases[c].Select(p => p.Text))
                .Select(phrase => Name(Singular(phrase, input.Phrases[c]), role, motive?.Motive))
                .FirstOrDefault(name => name is not null && taken.Add(name));
        }

        // A cluster left without a name of its own (no phrase, or only names another persona has) is a
        // near-duplicate: its sentences join the persona whose centroid is closest.
        var members = clusters.Select(m => m.ToList()).ToArray();
        for (int c = 0; c < clusters.Length; c++)
        {
            if (names[c] is null && names.Any(n => n is not null))
            {
                int target = Enumerable.Range(0, clusters.Length).Where(o => names[o] is not null)
                    .MaxBy(o => TensorPrimitives.Dot(centroids[c], centroids[o]));
                members[target].AddRange(members[c]);
                members[c].Clear();
            }
        }

        var personas = new List<Persona>(clusters.Length);
        for (int c = 0; c < clusters.Length; c++)
        {
            if (members[c].Count > 0)
            {
                string name = names[c] ?? Unnamed(Role(MeanRating(members[c].Select(i => input.Sentences[i]))));
                personas.Add(Describe(input, [.. members[c].Order()], Persona.IdFor(personas.Count), name, chosen[c]));
            }
        }

        return personas;
    }

    private static Persona Describe(WriterInput input, int[] members, string id, string name, List<string> phrases)
    {
        IReadOnlyList<ReviewSentence> sentences = input.Sentences;
        float[] centroid = Centroid(members, input.Vectors);
        int[] byCloseness = [.. members.OrderByDescending(i => TensorPrimitives.Dot(input.Vectors[i], centroid)).ThenBy(i => i)];
        double? meanRating = MeanRating(members.Select(i => sentences[i]));
        string[] reviewIds = [.. members
            .GroupBy(i => sentences[i].ReviewId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)];
        var quotes = byCloseness
            .DistinctBy(i => sentences[i].ReviewId)
            .DistinctBy(i => sentences[i].Text, StringComparer.OrdinalIgnoreCase) // Two reviewers may write the same sentence.
            .Take(2)
            .ToArray();

        // The item's own words ("strap") never name a persona, but they say what it is about.
        string[] itemWords = [.. input.ItemWords.Where(w => members.Any(i => KeyPhrases.Uses(sentences[i].Text, w))).Take(2)];
        string topic = (itemWords.Length, phrases.Count) switch
        {
            (0, 0) => "the item in general",
            (0, _) => Join(phrases),
            (_, 0) => Join(itemWords),
            _ => $"{Join(itemWords)}, above all {Join(phrases)}",
        };
        string who = reviewIds.Length == 1 ? $"One of the item's {input.ReviewCount} reviewers" : $"{reviewIds.Length} of the item's {input.ReviewCount} reviewers";
        string verb = reviewIds.Length == 1 ? "writes" : "write";
        var description = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{who}{RatingClause(meanRating, reviewIds.Length)} {verb} about {topic}.") };
        int quoted = byCloseness[0];
        if (FindMotive(members, input) is { } motive)
        {
            int stating = members.Where(i => motive.Motive.IsCued(sentences[i].Text) && TensorPrimitives.Dot(input.Vectors[i], input.MotiveVectors[Array.IndexOf(input.Motives, motive.Motive)]) >= MotiveThreshold)
                .Select(i => sentences[i].ReviewId).Distinct(StringComparer.Ordinal).Count();
            description.Add($"Some {motive.Motive.Clause}, as {(stating == 1 ? "one of them writes" : $"{stating} of them write")}: “{sentences[motive.Sentence].Text}”");
            quoted = byCloseness.FirstOrDefault(i => i != motive.Sentence, -1);
        }

        if (quoted >= 0)
        {
            description.Add($"In their words: “{sentences[quoted].Text}”");
        }

        string reason = phrases.Count > 0 ? Join(phrases.Take(2)) : "what they describe";
        string rationale = $"{(meanRating is < 3 ? "They hold back because of" : "They value it for")} {reason}: {string.Join("; ", quotes.Select(q => $"“{sentences[q].Text}” (review {sentences[q].ReviewId})"))}.";
        return new Persona(id, input.ItemId, name, string.Join(" ", description), rationale, reviewIds);
    }

    /// <summary>Folds a cluster into an earlier (larger) one whose centroid nearly coincides and whose stance is the same.</summary>
    public static int[][] MergeNearDuplicates(IReadOnlyList<ReviewSentence> sentences, float[][] vectors, int[][] clusters)
    {
        var merged = new List<(List<int> Members, float[] Centroid, string Role)>();
        foreach (int[] cluster in clusters)
        {
            float[] centroid = Centroid(cluster, vectors);
            string role = Role(MeanRating(cluster.Select(i => sentences[i])));
            int twin = merged.FindIndex(m => m.Role == role && TensorPrimitives.Dot(m.Centroid, centroid) >= NearDuplicate);
            if (twin < 0)
            {
                merged.Add(([.. cluster], centroid, role));
            }
            else
            {
                merged[twin].Members.AddRange(cluster);
            }
        }

        return [.. merged.Select(m => m.Members.ToArray())];
    }

    /// <summary>KeyBERT's maximal marginal relevance: relevance to the cluster (embedding similarity and TF-IDF), minus redundancy with the phrases already chosen.</summary>
    private static List<string> Mmr(IReadOnlyList<KeyPhrase> candidates, IReadOnlyDictionary<string, float[]> vectors, float[] centroid, int count)
    {
        var chosen = new List<string>();
        if (candidates.Count == 0)
        {
            return chosen;
        }

        double maxScore = candidates.Max(p => p.Score);
        var relevance = candidates.ToDictionary(p => p.Text, p => (0.5 * TensorPrimitives.Dot(vectors[p.Text], centroid)) + (0.5 * p.Score / maxScore), StringComparer.Ordinal);
        var left = candidates.Select(p => p.Text).ToList();
        while (chosen.Count < count && left.Count > 0)
        {
            string best = left.MaxBy(p => (Relevance * relevance[p]) - ((1 - Relevance) * (chosen.Count == 0 ? 0 : chosen.Max(q => TensorPrimitives.Dot(vectors[p], vectors[q])))))!;
            left.Remove(best);
            if (!chosen.Any(q => Overlaps(q, best)))
            {
                chosen.Add(best); // "pop filter" and "filter" say the same thing twice.
            }
        }

        return chosen;
    }

    private static bool Overlaps(string a, string b) => Stems(a).Intersect(Stems(b), StringComparer.OrdinalIgnoreCase).Any();

    private static IEnumerable<string> Stems(string phrase) => phrase.Split(' ').Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w);

    /// <summary>The singular of a plural phrase when reviewers also wrote it ("cables" → "cable"), else the phrase.</summary>
    private static string Singular(string phrase, IReadOnlyList<KeyPhrase> candidates) =>
        phrase.Length > 4 && phrase.EndsWith('s') && candidates.FirstOrDefault(p => string.Equals(p.Text, phrase[..^1], StringComparison.OrdinalIgnoreCase)) is { } singular
            ? singular.Text
            : phrase;

    /// <summary>The motive best stated by one of the sentences, when one is stated clearly enough.</summary>
    private static (Motive Motive, int Sentence)? FindMotive(IEnumerable<int> members, WriterInput input)
    {
        (Motive Motive, int Sentence)? best = null;
        float bestScore = MotiveThreshold;
        foreach (int i in members)
        {
            for (int m = 0; m < input.Motives.Length; m++)
            {
                float score = TensorPrimitives.Dot(input.Vectors[i], input.MotiveVectors[m]);
                if (score >= bestScore && input.Motives[m].IsCued(input.Sentences[i].Text))
                {
                    (best, bestScore) = ((input.Motives[m], i), score);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// "{key phrase} {role}", 2–4 words: the motive's role for fans when it fits, else the stance;
    /// <see langword="null"/> when the phrase ends on the role's word ("fan fans").
    /// </summary>
    private static string? Name(string phrase, string stance, Motive? motive)
    {
        int words = KeyPhrases.WordCount(phrase);
        string role = stance;
        if (motive is not null && stance is "fans" or "enthusiasts")
        {
            // "happy hour" + "happy-hour regulars" → "happy hour regulars"
            string[] roleWords = motive.Role.Split(' ');
            string[] phraseWords = phrase.Split(' ', '-');
            string[] rest = [.. roleWords.SkipWhile(w => w.Split('-').Any(p => phraseWords.Contains(p, StringComparer.Ordinal)))];
            if (rest.Length > 0 && words + rest.Length <= 4)
            {
                role = string.Join(' ', rest);
            }
        }

        string last = Stems(phrase).Last();
        return string.Equals(last, Stems(role).Last(), StringComparison.OrdinalIgnoreCase) ? null : Capitalise(phrase) + " " + role;
    }

    private static float[] Centroid(IEnumerable<int> members, float[][] vectors)
    {
        float[]? centroid = null;
        foreach (int i in members)
        {
            centroid ??= new float[vectors[i].Length];
            TensorPrimitives.Add(centroid, vectors[i], centroid);
        }

        float norm = TensorPrimitives.Norm(centroid);
        if (norm > 0)
        {
            TensorPrimitives.Divide(centroid!, norm, centroid);
        }

        return centroid!;
    }

    private static double? MeanRating(IEnumerable<ReviewSentence> sentences)
    {
        // One vote per review, not per sentence.
        var perReview = sentences.GroupBy(s => s.ReviewId).Select(g => g.First().Rating).Where(r => r is not null).ToArray();
        return perReview.Length == 0 ? null : perReview.Average(r => (double)r!.Value);
    }

    private static string Role(double? meanRating) => meanRating switch
    {
        null => "reviewers",
        >= 4.5 => "enthusiasts",
        >= 3.5 => "fans",
        >= 2.5 => "skeptics",
        _ => "critics",
    };

    /// <summary>The name of an item's only persona when its reviews yield no key phrase at all.</summary>
    private static string Unnamed(string role) => role switch
    {
        "enthusiasts" => "Enthusiastic reviewers",
        "fans" => "Satisfied reviewers",
        "skeptics" => "Undecided reviewers",
        "critics" => "Critical reviewers",
        _ => "All reviewers",
    };

    private static string RatingClause(double? meanRating, int reviews) => meanRating switch
    {
        null => string.Empty,
        double r when reviews == 1 => string.Create(CultureInfo.InvariantCulture, $", rating it {r:0.#} of 5,"),
        double r => string.Create(CultureInfo.InvariantCulture, $", rating it {r:0.0} of 5 on average,"),
    };

    private static string Join(IEnumerable<string> terms)
    {
        string[] list = [.. terms.Select(t => $"“{t}”")];
        return list.Length <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
