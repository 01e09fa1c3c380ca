using System.Text.RegularExpressions;

namespace Persona4Rec.Generation.ReviewDerived;

/// <summary>
/// Terms that set one group of sentences apart from the item's other groups (class-based TF-IDF:
/// frequency in the group × log(1 + groups / groups containing the term)), skipping stop words
/// and the words every review of a product uses.
/// </summary>
internal static partial class DistinctiveTerms
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
        "being", "but", "by", "can", "could", "did", "do", "does", "doing", "don't", "down", "each", "even", "ever", "every", "few", "for",
        "from", "get", "got", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "i", "i'm", "i've", "if", "in",
        "into", "is", "it", "it's", "its", "just", "like", "made", "make", "me", "more", "most", "much", "my", "no", "not", "now", "of",
        "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "really", "same", "she", "should", "so", "some",
        "still", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
        "two", "under", "until", "up", "use", "used", "using", "very", "was", "way", "we", "well", "were", "what", "when", "where", "which",
        "while", "who", "why", "will", "with", "would", "you", "your", "yet", "bit", "lot", "thing", "things", "product", "item", "bought",
        "buy", "great", "good", "nice", "works", "work", "recommend", "would", "amazon", "price", "star", "stars", "review", "got", "get",
        "them", "it's", "i'd", "isn't", "doesn't", "didn't", "can't", "won't", "also", "though", "although", "however", "will", "since",
    };

    public static IReadOnlyList<string>[] Top(IReadOnlyList<IReadOnlyList<string>> groups, int count)
    {
        var frequencies = groups.Select(g => Count(g)).ToArray();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var frequency in frequencies)
        {
            foreach (string term in frequency.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        return frequencies
            .Select(frequency => (IReadOnlyList<string>)frequency
                .Select(t => (Term: t.Key, Score: t.Value * Math.Log(1 + (groups.Count / (double)documentFrequency[t.Key]))))
                .OrderByDescending(t => t.Score)
                .ThenBy(t => t.Term, StringComparer.Ordinal)
                .Take(count)
                .Select(t => t.Term)
                .ToList())
            .ToArray();
    }

    private static Dictionary<string, int> Count(IEnumerable<string> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string sentence in sentences)
        {
            foreach (Match word in Word().Matches(sentence.ToLowerInvariant()))
            {
                string term = word.Value.Trim('\'');
                if (term.Length >= 3 && !StopWords.Contains(term))
                {
                    counts[term] = counts.GetValueOrDefault(term) + 1;
                }
            }
        }

        return counts;
    }

    [GeneratedRegex(@"[\p{L}][\p{L}'\-]*")]
    private static partial Regex Word();
}
