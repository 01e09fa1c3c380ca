using System.Text.Json;
using System.Text.Json.Nodes;

namespace Persona4Rec.Offline.Generation;

/// <summary>
/// Pulls one JSON object out of an LLM's text and repairs the usual damage: code fences, prose
/// around the object, a BOM. What cannot be repaired is reported with a reason short enough to
/// send back to the model.
/// </summary>
internal static class StructuredOutput
{
    /// <summary>Parses the first complete JSON object in <paramref name="text"/>.</summary>
    public static bool TryParseObject(string? text, out JsonObject? value, out string error)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the answer was empty";
            return false;
        }

        int start = text.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            error = "the answer contained no JSON object";
            return false;
        }

        int end = FindObjectEnd(text, start);
        if (end < 0)
        {
            error = "the JSON object was cut off (truncated answer)";
            return false;
        }

        try
        {
            value = JsonNode.Parse(text.AsSpan(start, end - start + 1).ToString(), documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
                MaxDepth = 16,
            }) as JsonObject;
        }
        catch (JsonException e)
        {
            error = "the JSON was malformed: " + e.Message;
            return false;
        }

        error = value is null ? "the answer was not a JSON object" : string.Empty;
        return value is not null;
    }

    public static string? GetString(JsonObject json, string name) =>
        TryGetProperty(json, name, out JsonNode? node) && node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>
    /// Finds a property by its name as asked (<c>preferenceRationale</c>, <c>category_preference</c>)
    /// or as models also write it: in another case or style (<c>PreferenceRationale</c>,
    /// <c>Preference_Rationale</c>, <c>preference-rationale</c>, <c>CategoryPreference</c>). The exact
    /// name wins; otherwise the first property whose letters and digits match, case-insensitively.
    /// </summary>
    public static bool TryGetProperty(JsonObject json, string name, out JsonNode? node)
    {
        if (json.TryGetPropertyValue(name, out node))
        {
            return true;
        }

        string wanted = KeyLetters(name);
        foreach (KeyValuePair<string, JsonNode?> property in json)
        {
            if (string.Equals(KeyLetters(property.Key), wanted, StringComparison.OrdinalIgnoreCase))
            {
                node = property.Value;
                return true;
            }
        }

        node = null;
        return false;
    }

    /// <summary>A key without the separators that distinguish snake, kebab, camel and Pascal case.</summary>
    private static string KeyLetters(string key) => string.Concat(key.Where(char.IsLetterOrDigit));

    /// <summary>Finds the brace that closes the object opened at <paramref name="start"/>, honouring strings and escapes.</summary>
    private static int FindObjectEnd(string text, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
