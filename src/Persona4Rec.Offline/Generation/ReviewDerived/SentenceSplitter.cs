using System.Text.RegularExpressions;

namespace Persona4Rec.Offline.Generation.ReviewDerived;

/// <summary>
/// Splits review text into sentences: at ., ! or ? followed by a space or by a capital letter
/// (reviews often lack the space: "affordable.I did"), and at line breaks. Sentences with fewer
/// than a minimum number of words carry no preference and are dropped; long ones are cut.
/// </summary>
internal static partial class SentenceSplitter
{
    public static IEnumerable<string> Split(string text, int minWords, int maxWords)
    {
        foreach (string raw in Boundary().Split(text))
        {
            string sentence = Whitespace().Replace(raw, " ").Trim();
            string[] words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= minWords)
            {
                yield return words.Length <= maxWords ? sentence : string.Join(' ', words.Take(maxWords)) + " …";
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|(?<=[a-z][.!?])(?=[A-Z])|[\r\n]+")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
