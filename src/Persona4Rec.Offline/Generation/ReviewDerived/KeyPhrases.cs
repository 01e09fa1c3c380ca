using System.Text.RegularExpressions;

namespace Persona4Rec.Offline.Generation.ReviewDerived;

/// <summary>A key phrase of one cluster: its text as reviewers wrote it (lower case) and its class-based TF-IDF score.</summary>
internal sealed record KeyPhrase(string Text, double Score);

/// <summary>
/// Candidate key phrases of a cluster and how distinctive they are. The rules, kept small because
/// no part-of-speech tagger is available here:
/// <list type="number">
/// <item>A sentence is cut into chunks at punctuation and at every word that cannot be part of a
/// phrase: a stop word, a word every review uses, a number or a word with digits and the unit right
/// after a number ("10 ft"), a one-letter word,
/// a word of the item's title (or its plural/singular), a word most of the item's reviews use (with five
/// reviews or more: the item's own name, "cable" on a cable), and a proper name (a word the item's
/// reviewers capitalise inside sentences at least as often as not).</item>
/// <item>Every run of 1–3 consecutive words inside a chunk is a candidate, taken verbatim.</item>
/// <item>A candidate ends on a noun as far as the rules can tell — not on a common verb or adjective,
/// an -ly adverb or an -ed participle — and does not start on a verb or an -ly adverb. So adjective–noun
/// and noun–noun phrases ("warm tone", "pop filter", "happy hour") pass, "sounds great" does not. A
/// single word is not a general noun ("quality", "place").</item>
/// <item>Its first and last words are used by at least two of the item's reviews (no reviewer-specific
/// words at either end), unless the cluster has no such candidate at all.</item>
/// </list>
/// The score is class-based TF-IDF over the item's clusters: tf = the number of the cluster's reviews
/// that use the phrase, times log(1 + A / f) with A the mean tf mass of a cluster and f the phrase's tf
/// over all clusters, times (1 + 0.25 per extra word) so a specific phrase beats its single words.
/// </summary>
internal static partial class KeyPhrases
{
    private const int MaxWords = 3;

    /// <summary>The best candidates of each cluster, best first.</summary>
    public static IReadOnlyList<KeyPhrase>[] Top(IReadOnlyList<int[]> clusters, IReadOnlyList<ReviewSentence> sentences, string? title, int count)
    {
        HashSet<string> excluded = TitleWords(title);
        excluded.UnionWith(ProperNames(sentences));
        Dictionary<string, int> reviewsPerWord = ReviewsPerWord(sentences);
        excluded.UnionWith(OwnWords(reviewsPerWord, sentences));
        bool fewReviews = sentences.Select(s => s.ReviewId).Distinct(StringComparer.Ordinal).Count() < 2;

        var perCluster = clusters.Select(members => Count(members, sentences, excluded)).ToArray();
        var total = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var phrases in perCluster)
        {
            foreach ((string phrase, double tf) in phrases)
            {
                total[phrase] = total.GetValueOrDefault(phrase) + tf;
            }
        }

        double averageMass = perCluster.Average(p => p.Values.Sum());
        return perCluster.Select(phrases =>
        {
            var scored = phrases
                .Select(p => new KeyPhrase(p.Key, p.Value * Math.Log(1 + (averageMass / total[p.Key])) * (1 + (0.25 * (WordCount(p.Key) - 1)))))
                .OrderByDescending(p => p.Score)
                .ThenBy(p => p.Text, StringComparer.Ordinal)
                .ToList();
            var shared = scored.Where(p => fewReviews || SharedEnds(p.Text, reviewsPerWord)).ToList();
            return (IReadOnlyList<KeyPhrase>)(shared.Count > 0 ? shared : scored).Take(count).ToList();
        }).ToArray();
    }

    /// <summary>The words of a title, each with its singular and plural, lower case.</summary>
    public static HashSet<string> TitleWords(string? title)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (title is null)
        {
            return words;
        }

        foreach (Match m in Token().Matches(title.ToLowerInvariant()))
        {
            foreach (string part in m.Value.Split('-', '\'', '’').Append(m.Value))
            {
                if (part.Length > 0)
                {
                    words.UnionWith(Forms(part));
                }
            }
        }

        return words;
    }

    /// <summary>A word with its plural and, for a plural, its singular.</summary>
    private static string[] Forms(string word) => word.EndsWith('s') ? [word, word[..^1], word + "es"] : [word, word + "s", word + "es"];

    /// <summary>Phrase → tf in the cluster: distinct reviews using it, plus 1% of its raw count to break ties.</summary>
    private static Dictionary<string, double> Count(int[] members, IReadOnlyList<ReviewSentence> sentences, HashSet<string> excluded)
    {
        // Keyed case-insensitively: "XLR cable" and "xlr cable" are one phrase, shown as first written.
        var reviews = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var raw = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (int i in members)
        {
            foreach (string phrase in Candidates(sentences[i].Text, excluded))
            {
                if (!reviews.TryGetValue(phrase, out var ids))
                {
                    reviews[phrase] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(sentences[i].ReviewId);
                raw[phrase] = raw.GetValueOrDefault(phrase) + 1;
            }
        }

        return reviews.ToDictionary(p => p.Key, p => p.Value.Count + (0.01 * raw[p.Key]), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The candidate phrases of one sentence, each a verbatim piece of it up to case (lower case but for acronyms).</summary>
    public static IEnumerable<string> Candidates(string sentence, HashSet<string> excluded)
    {
        var chunk = new List<Match>();
        int previousEnd = -1;
        bool afterNumber = false;
        foreach (Match token in Token().Matches(sentence))
        {
            bool adjacent = previousEnd >= 0 && sentence.AsSpan(previousEnd, token.Index - previousEnd).IsWhiteSpace();
            bool content = IsContent(Normalise(token.Value), excluded) && !(adjacent && afterNumber); // "10 ft": a unit belongs to its number
            afterNumber = token.Value.Any(char.IsDigit);
            if (!adjacent || !content)
            {
                foreach (string phrase in Phrases(sentence, chunk))
                {
                    yield return phrase;
                }

                chunk.Clear();
            }

            if (content)
            {
                chunk.Add(token);
            }

            previousEnd = token.Index + token.Length;
        }

        foreach (string phrase in Phrases(sentence, chunk))
        {
            yield return phrase;
        }
    }

    private static IEnumerable<string> Phrases(string sentence, List<Match> chunk)
    {
        for (int start = 0; start < chunk.Count; start++)
        {
            for (int length = 1; length <= MaxWords && start + length <= chunk.Count; length++)
            {
                string first = Normalise(chunk[start].Value);
                string last = Normalise(chunk[start + length - 1].Value);
                string? beforeLast = length > 1 ? Normalise(chunk[start + length - 2].Value) : null;
                if (CanStart(first) && CanEnd(last, beforeLast) && !(length == 1 && EnglishWords.GeneralNouns.Contains(last)))
                {
                    yield return string.Join(' ', chunk.Skip(start).Take(length).Select(m => Display(m.Value)));
                }
            }
        }
    }

    private static bool IsContent(string word, HashSet<string> excluded) =>
        word.Length >= 2
        && !word.Any(char.IsDigit)
        && !EnglishWords.StopWords.Contains(word)
        && !EnglishWords.ReviewWords.Contains(word)
        && !excluded.Contains(word);

    private static bool CanStart(string word) => !EnglishWords.Verbs.Contains(word) && !IsAdverb(word);

    /// <summary>A noun as far as the rules tell; an -ing word after a plural ("screens protecting") is a verb.</summary>
    private static bool CanEnd(string word, string? before) =>
        word.Length >= 3
        && !(before is not null && before.EndsWith('s') && word.EndsWith("ing", StringComparison.Ordinal))
        && !EnglishWords.Verbs.Contains(word)
        && !EnglishWords.Adjectives.Contains(word)
        && !IsAdverb(word)
        && !(word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal));

    private static bool IsAdverb(string word) => word.Length > 4 && word.EndsWith("ly", StringComparison.Ordinal) && !NounsInLy.Contains(word);

    private static readonly HashSet<string> NounsInLy = new(StringComparer.Ordinal) { "assembly", "supply", "family", "butterfly", "reply", "belly", "jelly", "rally", "anomaly", "melody", "assembly" };

    /// <summary>Words the item's reviewers capitalise inside sentences at least as often as they write them in lower case.</summary>
    private static HashSet<string> ProperNames(IReadOnlyList<ReviewSentence> sentences)
    {
        var capitalised = new Dictionary<string, int>(StringComparer.Ordinal);
        var lower = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ReviewSentence sentence in sentences)
        {
            bool first = true;
            foreach (Match token in Token().Matches(sentence.Text))
            {
                string word = Normalise(token.Value);
                if (char.IsLower(token.Value[0]))
                {
                    lower[word] = lower.GetValueOrDefault(word) + 1;
                }
                else if (!first && char.IsUpper(token.Value[0]) && token.Value.Skip(1).Any(char.IsLower))
                {
                    capitalised[word] = capitalised.GetValueOrDefault(word) + 1; // "Fender", not "USB" or a shouted "GREAT"
                }

                first = false;
            }
        }

        return capitalised.Where(c => c.Value >= lower.GetValueOrDefault(c.Key)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The item's own words: with five or more reviews, a word used by most of them ("cable" on a
    /// cable) names the item, as a title word would, not a kind of reviewer.
    /// </summary>
    private static IEnumerable<string> OwnWords(Dictionary<string, int> reviewsPerWord, IReadOnlyList<ReviewSentence> sentences)
    {
        int reviews = sentences.Select(s => s.ReviewId).Distinct(StringComparer.Ordinal).Count();
        return reviews < 5 ? [] : reviewsPerWord.Where(w => w.Value > reviews / 2).SelectMany(w => Forms(w.Key));
    }

    /// <summary>
    /// The item's own words that are nouns as far as the rules tell, most used first: kept out of
    /// names, they still say in a description what the item is ("strap", "cable").
    /// </summary>
    public static string[] ItemWords(IReadOnlyList<ReviewSentence> sentences)
    {
        Dictionary<string, int> reviewsPerWord = ReviewsPerWord(sentences);
        int reviews = sentences.Select(s => s.ReviewId).Distinct(StringComparer.Ordinal).Count();
        return reviews < 5 ? [] : [.. reviewsPerWord
            .Where(w => w.Value > reviews / 2 && IsContent(w.Key, []) && CanEnd(w.Key, null) && !EnglishWords.GeneralNouns.Contains(w.Key))
            .OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => w.Key)];
    }

    /// <summary>Whether a sentence uses a word (lower case), as a whole word.</summary>
    public static bool Uses(string sentence, string word) => Token().Matches(sentence).Any(m => Normalise(m.Value) == word);

    private static Dictionary<string, int> ReviewsPerWord(IReadOnlyList<ReviewSentence> sentences) =>
        sentences
            .SelectMany(s => Token().Matches(s.Text).Select(m => (Word: Normalise(m.Value), s.ReviewId)))
            .Distinct()
            .GroupBy(p => p.Word, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static bool SharedEnds(string phrase, Dictionary<string, int> reviewsPerWord)
    {
        string[] words = phrase.ToLowerInvariant().Split(' ');
        return reviewsPerWord.GetValueOrDefault(Normalise(words[0])) >= 2 && reviewsPerWord.GetValueOrDefault(Normalise(words[^1])) >= 2;
    }

    /// <summary>Lower case, except acronyms ("XLR", "USB") stay as written.</summary>
    private static string Display(string token) =>
        token.Length is >= 2 and <= 5 && token.All(char.IsUpper) ? token : token.ToLowerInvariant();

    public static int WordCount(string phrase) => phrase.Count(c => c == ' ') + 1;

    private static string Normalise(string token) => token.ToLowerInvariant().Replace('’', '\'');

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Token();
}
