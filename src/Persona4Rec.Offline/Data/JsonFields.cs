using System.Globalization;
using System.Text.Json;

namespace Persona4Rec.Offline;

/// <summary>
/// Field access for JSON-lines records. The lenient readers (<see cref="String"/>, <see cref="Integer"/>)
/// read a field of the wrong kind as absent, for optional metadata; the strict ones (<c>Read*</c>)
/// return a problem for it instead, so a review line with garbage in a field is reported as a bad
/// line rather than turned into a default. Tolerated forms: a number written as a string
/// (<c>"5"</c>, <c>"1500000000"</c>), and JSON null for an absent optional field.
/// </summary>
internal static class JsonFields
{
    /// <summary>A string field: absent or null reads as <see langword="null"/>; any other kind is a problem.</summary>
    public static string? ReadString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return $"{name} should be a string; found {Describe(element)}";
        }

        value = element.GetString();
        return null;
    }

    /// <summary>An id field: required, a non-empty string without U+FFFD (what invalid UTF-8 in the file decodes to).</summary>
    public static string? ReadId(JsonElement root, string name, out string? value)
    {
        if (ReadString(root, name, out value) is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(value))
        {
            return $"missing {name}";
        }

        return value.Contains('\uFFFD', StringComparison.Ordinal) ? $"{name} holds invalid UTF-8 (decoded as U+FFFD)" : null;
    }

    /// <summary>A whole-number field (or a string holding one): absent or null reads as <see langword="null"/>.</summary>
    public static string? ReadInteger(JsonElement root, string name, out long? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long number))
        {
            value = number;
            return null;
        }

        if (element.ValueKind == JsonValueKind.String && long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            value = number;
            return null;
        }

        return $"{name} should be a whole number; found {Describe(element)}";
    }

    /// <summary>A number field (or a string holding one): absent or null reads as <see langword="null"/>.</summary>
    public static string? ReadNumber(JsonElement root, string name, out double? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out double number) && double.IsFinite(number))
        {
            value = number;
            return null;
        }

        if (element.ValueKind == JsonValueKind.String
            && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
        {
            value = number;
            return null;
        }

        return $"{name} should be a number; found {Describe(element)}";
    }

    /// <summary>The kind and the start of a value, for a bad-line reason.</summary>
    private static string Describe(JsonElement element)
    {
        string raw = element.GetRawText();
        return $"{element.ValueKind.ToString().ToLowerInvariant()} {(raw.Length <= 40 ? raw : raw[..40] + "…")}";
    }

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
