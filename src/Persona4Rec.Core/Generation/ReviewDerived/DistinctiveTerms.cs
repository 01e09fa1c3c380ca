using System.Text.RegularExpressions;

namespace Persona4Rec.Generation.ReviewDerived;

/// <summary>
/// Terms that set one group of sentences apart from the item's other groups: class-based TF-IDF
/// where a term's frequency is the number of distinct reviews in the group that use it (so one
/// talkative reviewer does not name a persona), times log(1 + groups / groups using the term).
/// Plurals are folded into their singular; stop words, filler verbs and the words every product
/// review uses are skipped.
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
        "know", "knew", "think", "thought", "realize", "realized", "want", "wanted", "need", "needed", "anything", "something", "everything",
        "nothing", "couldn't", "wouldn't", "shouldn't", "due", "adding", "add", "added", "say", "said", "says", "going", "gone", "come", "came",
        "take", "took", "give", "gave", "put", "let", "see", "saw", "look", "looked", "try", "tried", "find", "found", "keep", "kept", "seem",
        "seems", "seemed", "able", "sure", "pretty", "quite", "enough", "maybe", "probably", "actually", "definitely", "absolutely", "totally",
        "many", "lots", "kind", "sort", "time", "times", "year", "years", "day", "days", "first", "last", "new", "old", "little", "big", "long",
        "i'll", "you're", "they're", "that's", "there's", "what's", "let's", "we're", "im", "ive", "dont", "cant", "thats", "bought", "ordered",
        "order", "purchase", "purchased", "happy", "love", "loved", "awesome", "excellent", "perfect", "best", "better", "bad", "worse", "worst",
    };

    /// <summary>The top terms of each group; a group is a list of (review id, sentence).</summary>
    public static IReadOnlyList<string>[] Top(IReadOnlyList<IReadOnlyList<(string ReviewId, string Text)>> groups, int count)
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

    /// <summary>Term → number of distinct reviews in the group using it (plus a small share of its raw count, to break ties).</summary>
    private static Dictionary<string, double> Count(IEnumerable<(string ReviewId, string Text)> sentences)
    {
        var reviewsPerTerm = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var raw = new Dictionary<string, int>(StringComparer.Ordinal);
        var all = sentences.ToList();
        var vocabulary = all.SelectMany(s => Terms(s.Text)).ToHashSet(StringComparer.Ordinal);
        foreach ((string reviewId, string text) in all)
        {
            foreach (string word in Terms(text))
            {
                string term = Singular(word, vocabulary);
                if (!reviewsPerTerm.TryGetValue(term, out var reviews))
                {
                    reviewsPerTerm[term] = reviews = new HashSet<string>(StringComparer.Ordinal);
                }

                reviews.Add(reviewId);
                raw[term] = raw.GetValueOrDefault(term) + 1;
            }
        }

        return reviewsPerTerm.ToDictionary(t => t.Key, t => t.Value.Count + (0.01 * raw[t.Key]), StringComparer.Ordinal);
    }

    private static IEnumerable<string> Terms(string sentence) =>
        Word().Matches(sentence.ToLowerInvariant())
            .Select(m => m.Value.Trim('\'', '-'))
            .Where(t => t.Length >= 3 && !StopWords.Contains(t));

    /// <summary>Folds "cables" into "cable" when the singular form is also used.</summary>
    private static string Singular(string word, HashSet<string> vocabulary) =>
        word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && vocabulary.Contains(word[..^1]) ? word[..^1] : word;

    [GeneratedRegex(@"[\p{L}][\p{L}'\-]*")]
    private static partial Regex Word();
}
