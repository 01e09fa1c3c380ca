using System.Text.RegularExpressions;

namespace Persona4Rec.Onnx.Tests;

/// <summary>
/// The done-when checks of readable LLM-free personas (issue 16), written independently of the
/// generator's own word lists: a name has 2–4 words, neither starts nor ends with a stop word, holds
/// no word of the item's title, and begins with a key phrase (the name without its 1–2 word role)
/// that occurs verbatim in one of the persona's cited reviews; an item never has two personas of one name.
/// </summary>
internal static partial class PersonaNameRules
{
    /// <summary>The NLTK English stop-word list, plus the contractions reviewers type without apostrophes.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've", "you'll", "you'd", "your", "yours",
        "yourself", "yourselves", "he", "him", "his", "himself", "she", "she's", "her", "hers", "herself", "it", "it's", "its",
        "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "that'll", "these",
        "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing",
        "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about",
        "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out",
        "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any",
        "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too",
        "very", "s", "t", "can", "will", "just", "don", "don't", "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y",
        "ain", "aren", "aren't", "couldn", "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't", "hasn", "hasn't",
        "haven", "haven't", "isn", "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn", "needn't", "shan", "shan't",
        "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won", "won't", "wouldn", "wouldn't", "im", "ive", "dont", "cant",
    };

    /// <summary>Every broken rule of one item's personas, as readable lines (empty when all hold).</summary>
    public static List<string> Violations(ItemInfo item, IReadOnlyList<Persona> personas, IReadOnlyList<Review> reviews)
    {
        var problems = new List<string>();
        var text = reviews.ToDictionary(r => r.ReviewId, r => r.Text, StringComparer.Ordinal);
        HashSet<string> titleWords = item.Title is null ? [] : [.. Words(item.Title)];
        foreach (Persona p in personas)
        {
            string[] words = p.Name.Split(' ');
            string[] lower = [.. Words(p.Name)];
            if (words.Length is < 2 or > 4)
            {
                problems.Add($"{item.ItemId} '{p.Name}': {words.Length} words");
            }

            if (StopWords.Contains(words[0].ToLowerInvariant()) || StopWords.Contains(words[^1].ToLowerInvariant()))
            {
                problems.Add($"{item.ItemId} '{p.Name}': starts or ends with a stop word");
            }

            if (lower.FirstOrDefault(titleWords.Contains) is { } titleWord)
            {
                problems.Add($"{item.ItemId} '{p.Name}': holds the title word '{titleWord}'");
            }

            bool grounded = Enumerable.Range(1, 2)
                .Where(role => words.Length - role >= 1)
                .Select(role => string.Join(' ', words[..^role]))
                .Any(phrase => p.ReviewIds.Any(id => text.TryGetValue(id, out string? review) && review.Contains(phrase, StringComparison.OrdinalIgnoreCase)));
            if (!grounded)
            {
                problems.Add($"{item.ItemId} '{p.Name}': no key phrase found verbatim in its cited reviews");
            }
        }

        foreach (var twin in personas.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"{item.ItemId}: {twin.Count()} personas named '{twin.Key}'");
        }

        return problems;
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
