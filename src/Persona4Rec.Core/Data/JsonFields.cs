using System.Text.Json;

namespace Persona4Rec;

/// <summary>Lenient field access for JSON-lines records: a field of the wrong kind reads as absent.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The string field, or <see langword="null"/> when it is absent, empty or only white space.</summary>
    public static string? Text(JsonElement root, string name) =>
        String(root, name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static long? Integer(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;

    /// <summary>Adds the non-blank strings of an array field (other elements are ignored) to <paramref name="into"/>, once each.</summary>
    public static void AddStrings(JsonElement array, List<string> into)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (JsonElement element in array.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String && element.GetString() is { } text && !string.IsNullOrWhiteSpace(text) && !into.Contains(text))
            {
                into.Add(text);
            }
        }
    }
}
