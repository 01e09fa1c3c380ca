namespace Persona4Rec.Checks;

/// <summary>Cutting texts to a length: prompts, stored answers and review quotes all cut the same way.</summary>
internal static class TextLimits
{
    /// <summary>Cuts a text to at most <paramref name="max"/> characters at a word boundary, marking the cut with an ellipsis.</summary>
    public static string Truncate(string text, int max) => text.Length <= max ? text : Cut(text, max) + " …";

    /// <summary>The start of a text, at most <paramref name="max"/> characters, ending at a word boundary when one is near.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        int cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max)];
    }
}
