using System.Text.RegularExpressions;

namespace Persona4Rec.Tests.Support;

/// <summary>Realistic model answers, built from the prompt the way a model would (review ids are read from it).</summary>
internal static partial class LlmAnswers
{
    public const string Summary = """{"summary": "A clip-on chromatic tuner for guitars and ukuleles. It reads vibrations from the headstock and shows the note on a colour display."}""";

    public const string FullAspects = """
        {"category_preference": {"value": "compact tuners", "reason": "says it is small and clips on"},
         "purchase_purpose": {"value": "tuning on stage", "reason": "plays live every week"},
         "quality_criteria": {"value": "accuracy", "reason": "says it is accurate"},
         "usage_context": {"value": "dark stages", "reason": "mentions a dim stage"}}
        """;

    public const string EmptyAspects = """{"category_preference": null, "purchase_purpose": null, "quality_criteria": {"value": "", "reason": ""}, "usage_context": null}""";

    public static IReadOnlyList<string> ReviewIdsIn(string prompt) =>
        ReviewId().Matches(prompt).Select(m => m.Groups[1].Value).ToArray();

    public static string Personas(string prompt, int count)
    {
        var ids = ReviewIdsIn(prompt);
        string[] names = ["Gigging Guitarist", "Ukulele Beginner", "Studio Perfectionist", "Budget Hobbyist", "Touring Bassist", "Choir Director", "Violin Student", "Metal Drummer", "Jazz Pianist"];
        var personas = Enumerable.Range(0, count).Select(i =>
            $$"""{"name": "{{names[i % names.Length]}}", "description": "Persona {{i}} plays often. They value {{i}} different things. They buy carefully.", "preferenceRationale": "Review {{ids[i % ids.Count]}} says why persona {{i}} likes it.", "reviewIds": ["{{ids[i % ids.Count]}}"]}""");
        return $$"""{"personas": [{{string.Join(", ", personas)}}]}""";
    }

    [GeneratedRegex("<review id=\"([^\"]+)\"")]
    private static partial Regex ReviewId();
}
