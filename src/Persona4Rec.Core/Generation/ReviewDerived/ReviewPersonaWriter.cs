using System.Globalization;
using System.Numerics.Tensors;

namespace Persona4Rec.Generation.ReviewDerived;

/// <summary>Turns clusters of review sentences into personas: name, description, rationale, cited reviews.</summary>
internal static class ReviewPersonaWriter
{
    public static IReadOnlyList<Persona> Write(string itemId, List<ReviewSentence> sentences, float[][] vectors, int[] assignment, int k, int reviewCount)
    {
        var clusters = Enumerable.Range(0, k)
            .Select(c => Enumerable.Range(0, sentences.Count).Where(i => assignment[i] == c).ToArray())
            .Where(members => members.Length > 0)
            .OrderByDescending(members => members.Length)
            .ThenBy(members => members[0])
            .ToArray();
        var terms = DistinctiveTerms.Top(clusters.Select(m => (IReadOnlyList<(string, string)>)m.Select(i => (sentences[i].ReviewId, sentences[i].Text)).ToList()).ToList(), 6);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var personas = new List<Persona>(clusters.Length);
        for (int c = 0; c < clusters.Length; c++)
        {
            int[] members = clusters[c];
            int[] byCloseness = ByClosenessToCentroid(members, vectors);
            double? meanRating = MeanRating(members.Select(i => sentences[i]));
            IReadOnlyList<string> topTerms = terms[c].Count > 0 ? terms[c] : ["general", "impressions"];
            string name = UniqueName(topTerms, Role(meanRating), names);
            string[] reviewIds = members
                .GroupBy(i => sentences[i].ReviewId, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .ToArray();
            var quotes = byCloseness
                .DistinctBy(i => sentences[i].ReviewId)
                .DistinctBy(i => sentences[i].Text, StringComparer.OrdinalIgnoreCase) // Two reviewers may write the same sentence.
                .Take(2)
                .Select(i => (sentences[i].ReviewId, sentences[i].Text))
                .ToArray();

            string description = string.Create(CultureInfo.InvariantCulture,
                $"Reviewers who care most about {Join(topTerms.Take(3))}. {reviewIds.Length} of the item's {reviewCount} reviewers fall in this group{RatingClause(meanRating)}. In their words: “{sentences[byCloseness[0]].Text}”");
            string rationale = string.Create(CultureInfo.InvariantCulture,
                $"{(meanRating is < 3 ? "They hold back because of" : "They value it for")} {Join(topTerms.Take(2))}: {string.Join("; ", quotes.Select(q => $"“{q.Text}” (review {q.ReviewId})"))}.");
            personas.Add(new Persona(Persona.IdFor(c), itemId, name, description, rationale, reviewIds));
        }

        return personas;
    }

    private static int[] ByClosenessToCentroid(int[] members, float[][] vectors)
    {
        var centroid = new float[vectors[members[0]].Length];
        foreach (int i in members)
        {
            TensorPrimitives.Add(centroid, vectors[i], centroid);
        }

        return members.OrderByDescending(i => TensorPrimitives.Dot(vectors[i], centroid)).ThenBy(i => i).ToArray();
    }

    private static double? MeanRating(IEnumerable<ReviewSentence> sentences)
    {
        // One vote per review, not per sentence.
        var perReview = sentences.GroupBy(s => s.ReviewId).Select(g => g.First().Rating).Where(r => r is not null).ToArray();
        return perReview.Length == 0 ? null : perReview.Average(r => (double)r!.Value);
    }

    private static string Role(double? meanRating) => meanRating switch
    {
        null => "Buyers",
        >= 4.5 => "Enthusiasts",
        >= 3.5 => "Fans",
        >= 2.5 => "Skeptics",
        _ => "Critics",
    };

    private static string UniqueName(IReadOnlyList<string> terms, string role, HashSet<string> taken)
    {
        for (int a = 0; a < terms.Count; a++)
        {
            for (int b = a + 1; b <= terms.Count; b++)
            {
                string name = b < terms.Count ? $"{Title(terms[a])}-{Title(terms[b])} {role}" : $"{Title(terms[a])} {role}";
                if (taken.Add(name))
                {
                    return name;
                }
            }
        }

        string fallback = $"{Title(terms[0])} {role} {taken.Count + 1}";
        taken.Add(fallback);
        return fallback;
    }

    private static string RatingClause(double? meanRating) =>
        meanRating is double r ? string.Create(CultureInfo.InvariantCulture, $", rating it {r:0.0} of 5 on average") : string.Empty;

    private static string Join(IEnumerable<string> terms)
    {
        string[] list = terms.ToArray();
        return list.Length <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    private static string Title(string term) => char.ToUpperInvariant(term[0]) + term[1..];
}
