using System.Text.Json.Nodes;

namespace Persona4Rec.Generation;

/// <summary>Checks an LLM's persona list and repairs what is safe to repair.</summary>
internal static class PersonaValidation
{
    private const int MaxTextLength = 2000;

    /// <summary>Word-set overlap above which two personas count as near-duplicates.</summary>
    private const double NearDuplicateJaccard = 0.8;

    public static (IReadOnlyList<Persona>? Personas, string? Error) Validate(JsonObject json, string itemId, IReadOnlySet<string> knownReviewIds, int min, int max)
    {
        if (!json.TryGetPropertyValue("personas", out JsonNode? node) || node is not JsonArray array)
        {
            return (null, "the answer must have a \"personas\" array");
        }

        if (array.Count < min || array.Count > max)
        {
            return (null, $"write between {min} and {max} personas, not {array.Count}");
        }

        var personas = new List<Persona>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject p)
            {
                return (null, $"persona {i + 1} is not an object");
            }

            string? name = StructuredOutput.GetString(p, "name")?.Trim();
            string? description = StructuredOutput.GetString(p, "description")?.Trim();
            string? rationale = StructuredOutput.GetString(p, "preferenceRationale")?.Trim();
            int words = name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
            if (words is < 2 or > 3)
            {
                return (null, $"persona {i + 1} needs a \"name\" of 2-3 words");
            }

            if (string.IsNullOrEmpty(description) || description.Length > MaxTextLength)
            {
                return (null, $"persona {i + 1} needs a \"description\" of about 3 sentences");
            }

            if (string.IsNullOrEmpty(rationale) || rationale.Length > MaxTextLength)
            {
                return (null, $"persona {i + 1} needs a \"preferenceRationale\" grounded in the reviews");
            }

            // Grounding: keep only ids of this item's reviews that were shown; a persona needs at least one.
            string[] reviewIds = (p["reviewIds"] as JsonArray ?? [])
                .Select(id => id is JsonValue v && v.TryGetValue(out string? s) ? s.Trim() : null)
                .Where(id => id is not null && knownReviewIds.Contains(id))
                .Distinct(StringComparer.Ordinal)
                .ToArray()!;
            if (reviewIds.Length == 0)
            {
                return (null, $"persona {i + 1} must list in \"reviewIds\" the ids of the reviews it rests on");
            }

            personas.Add(new Persona(Persona.IdFor(i), itemId, name!, description, rationale, reviewIds));
        }

        for (int a = 0; a < personas.Count; a++)
        {
            for (int b = a + 1; b < personas.Count; b++)
            {
                if (string.Equals(personas[a].Name, personas[b].Name, StringComparison.OrdinalIgnoreCase)
                    || Jaccard(personas[a], personas[b]) > NearDuplicateJaccard)
                {
                    return (null, $"personas {a + 1} and {b + 1} are near-duplicates; merge them or make them distinct");
                }
            }
        }

        return (personas, null);
    }

    private static double Jaccard(Persona a, Persona b)
    {
        var x = Words(a);
        var y = Words(b);
        int overlap = x.Count(y.Contains);
        return overlap / (double)Math.Max(1, x.Count + y.Count - overlap);
    }

    private static HashSet<string> Words(Persona p) =>
        (p.Name + " " + p.Description).ToLowerInvariant().Split([' ', ',', '.', ';', ':', '!', '?'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
