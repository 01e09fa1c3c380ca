using System.Text.Json.Nodes;

namespace Persona4Rec.Offline.Generation;

/// <summary>
/// Checks an LLM's persona list, repairs locally what is safe to repair, and says what must be
/// asked again. Repaired locally (no new request): keys in another case or style, a leading article
/// in a name ("The Immersive Fiction Enthusiast"), review names that were not shown (dropped), more
/// personas than asked (the best-supported kept), and — while enough valid personas remain — a
/// persona with a missing or empty field, or a near-duplicate of an earlier one (dropped). Asked
/// again: no <c>personas</c> array, or fewer valid, distinct personas than the minimum.
/// </summary>
internal static class PersonaValidation
{
    /// <summary>The most words a persona name may have (after a leading article is dropped).</summary>
    public const int MaxNameWords = 5;

    private const int MaxTextLength = 2000;

    /// <summary>Word-set overlap above which two personas count as near-duplicates.</summary>
    private const double NearDuplicateJaccard = 0.8;

    private static readonly string[] Articles = ["the ", "a ", "an "];

    /// <summary>The outcome: the personas, or the reason to ask again; and what was repaired locally.</summary>
    public sealed record Result(IReadOnlyList<Persona>? Personas, string? Error, int Trimmed, int Dropped);

    /// <param name="json">The model's answer.</param>
    /// <param name="itemId">The item.</param>
    /// <param name="reviewAliases">The review names shown in the prompt (R1, R2, …; any case) → the review ids they stand for.</param>
    /// <param name="min">Fewest personas.</param>
    /// <param name="max">Most personas.</param>
    public static Result Validate(JsonObject json, string itemId, IReadOnlyDictionary<string, string> reviewAliases, int min, int max)
    {
        if (!StructuredOutput.TryGetProperty(json, "personas", out JsonNode? node) || node is not JsonArray array)
        {
            return new Result(null, "the answer must have a \"personas\" array (missing key \"personas\")", 0, 0);
        }

        var valid = new List<(Persona Persona, int Order)>();
        var problems = new List<string>();
        for (int i = 0; i < array.Count; i++)
        {
            (Persona? persona, string? problem) = Read(array[i], i, itemId, reviewAliases);
            if (persona is null)
            {
                problems.Add(problem!);
                continue;
            }

            int duplicateOf = valid.FindIndex(v => IsNearDuplicate(v.Persona, persona));
            if (duplicateOf >= 0)
            {
                problems.Add($"personas {valid[duplicateOf].Order + 1} and {i + 1} are near-duplicates; merge them or make them distinct");
                continue;
            }

            valid.Add((persona, i));
        }

        if (valid.Count < min)
        {
            string why = problems.Count > 0 ? string.Join("; ", problems.Take(3)) : $"write between {min} and {max} personas, not {array.Count}";
            return new Result(null, why, 0, 0);
        }

        // More than asked: keep the best-supported (most cited reviews, then the model's order).
        int trimmed = Math.Max(0, valid.Count - max);
        var kept = valid
            .OrderByDescending(v => v.Persona.ReviewIds.Count).ThenBy(v => v.Order)
            .Take(max)
            .OrderBy(v => v.Order)
            .Select((v, index) => v.Persona with { PersonaId = Persona.IdFor(index) })
            .ToArray();
        return new Result(kept, null, trimmed, problems.Count);
    }

    private static (Persona? Persona, string? Problem) Read(JsonNode? node, int i, string itemId, IReadOnlyDictionary<string, string> reviewAliases)
    {
        if (node is not JsonObject p)
        {
            return (null, $"persona {i + 1} is not an object");
        }

        if (Text(p, "name", i, out string? name) is { } nameProblem)
        {
            return (null, nameProblem);
        }

        name = WithoutLeadingArticle(name!);
        int words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (words > MaxNameWords)
        {
            return (null, $"persona {i + 1} has a \"name\" of {words} words; use at most {MaxNameWords}");
        }

        if (Text(p, "description", i, out string? description) is { } descriptionProblem)
        {
            return (null, descriptionProblem);
        }

        if (Text(p, "preferenceRationale", i, out string? rationale) is { } rationaleProblem)
        {
            return (null, rationaleProblem);
        }

        if (!StructuredOutput.TryGetProperty(p, "reviewIds", out JsonNode? ids) || ids is not JsonArray idArray)
        {
            return (null, $"persona {i + 1} is missing the key \"reviewIds\" (a list of the review names it rests on, e.g. [\"R1\"])");
        }

        // Grounding: keep only the reviews that were shown, mapped back to their ids; a persona needs at least one.
        string[] reviewIds = idArray
            .Select(id => id is JsonValue v && v.TryGetValue(out string? s) && reviewAliases.TryGetValue(s.Trim(), out string? real) ? real : null)
            .Where(id => id is not null)
            .Distinct(StringComparer.Ordinal)
            .ToArray()!;
        if (reviewIds.Length == 0)
        {
            return (null, $"persona {i + 1} must list in \"reviewIds\" the names of the reviews it rests on (R1, R2, ...)");
        }

        return (new Persona(Persona.IdFor(i), itemId, name, description!, rationale!, reviewIds), null);
    }

    /// <summary>A required text field: the problem says whether the key is missing, the value empty, or too long.</summary>
    private static string? Text(JsonObject p, string key, int i, out string? value)
    {
        value = null;
        if (!StructuredOutput.TryGetProperty(p, key, out JsonNode? node) || node is null)
        {
            return $"persona {i + 1} is missing the key \"{key}\"";
        }

        value = node is JsonValue v && v.TryGetValue(out string? s) ? s.Trim() : null;
        if (value is null)
        {
            return $"persona {i + 1} has a \"{key}\" that is not a string";
        }

        if (value.Length == 0)
        {
            return $"persona {i + 1} has an empty \"{key}\"";
        }

        return value.Length > MaxTextLength ? $"persona {i + 1} has a \"{key}\" longer than {MaxTextLength} characters" : null;
    }

    private static string WithoutLeadingArticle(string name)
    {
        foreach (string article in Articles)
        {
            if (name.Length > article.Length && name.StartsWith(article, StringComparison.OrdinalIgnoreCase))
            {
                return name[article.Length..].TrimStart();
            }
        }

        return name;
    }

    private static bool IsNearDuplicate(Persona a, Persona b) =>
        string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) || Jaccard(a, b) > NearDuplicateJaccard;

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
