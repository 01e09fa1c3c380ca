using Persona4Rec.Offline.Generation.ReviewDerived;

namespace Persona4Rec.Tests.Generation;

/// <summary>The candidate rules of the LLM-free persona names (docs/personas.md).</summary>
public sealed class KeyPhrasesTests
{
    private static string[] Candidates(string sentence, params string[] excluded) =>
        [.. KeyPhrases.Candidates(sentence, new HashSet<string>(excluded, StringComparer.Ordinal))];

    [Fact]
    public void Candidates_AdjectiveNounAndNounNoun_Pass_VerbsAndAdjectivesDoNotEndOne()
    {
        string[] phrases = Candidates("The pop filter sounds great and the warm tone is clear.");

        Assert.Contains("pop filter", phrases);
        Assert.Contains("warm tone", phrases);
        Assert.Contains("filter", phrases);
        Assert.DoesNotContain(phrases, p => p.EndsWith("sounds", StringComparison.Ordinal) || p.EndsWith("great", StringComparison.Ordinal) || p.EndsWith("warm", StringComparison.Ordinal));
    }

    [Fact]
    public void Candidates_NeverCrossPunctuationStopWordsOrNumbers()
    {
        string[] phrases = Candidates("Great cable, solid jack; 10 ft cable for the 9V adapter");

        Assert.DoesNotContain(phrases, p => p.Contains(',', StringComparison.Ordinal) || p.Contains("ft", StringComparison.Ordinal) || p.Contains("9V", StringComparison.Ordinal));
        Assert.DoesNotContain("cable solid", phrases);
        Assert.DoesNotContain("cable jack", phrases);
        Assert.Contains("solid jack", phrases);
        Assert.All(phrases, p => Assert.DoesNotContain(p.Split(' ')[0], new[] { "the", "for", "great" }));
    }

    [Fact]
    public void Candidates_ExcludedWords_BreakPhrases()
    {
        string[] phrases = Candidates("The snark tuner display is bright", "snark", "tuner");

        Assert.DoesNotContain(phrases, p => p.Contains("snark", StringComparison.Ordinal) || p.Contains("tuner", StringComparison.Ordinal));
        Assert.Contains("display", phrases);
    }

    [Fact]
    public void Candidates_KeepAcronymsAsWritten_AndAreVerbatimUpToCase()
    {
        const string Sentence = "Works with my XLR Cable and the happy hour crowd.";
        string[] phrases = Candidates(Sentence);

        Assert.Contains("XLR cable", phrases);
        Assert.Contains("happy hour crowd", phrases);
        Assert.All(phrases, p => Assert.Contains(p, Sentence, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TitleWords_HoldSingularAndPluralForms()
    {
        HashSet<string> words = KeyPhrases.TitleWords("Guitar Strings, clip-on");

        Assert.Contains("guitar", words);
        Assert.Contains("guitars", words);
        Assert.Contains("string", words);
        Assert.Contains("clip", words);
        Assert.Contains("clip-on", words);
    }

    [Fact]
    public void Top_ProperNamesAndWordsOfOneReviewerOnly_DoNotNameAPersona()
    {
        ReviewSentence[] sentences =
        [
            new("r1", 5, "I compared it with my Fender amp and the tone knob is smooth."),
            new("r2", 5, "Plugged into a Fender combo, the tone knob works well."),
            new("r3", 5, "The tone knob has a zorblax quality to it."),
        ];

        IReadOnlyList<KeyPhrase>[] top = KeyPhrases.Top([[0, 1, 2]], sentences, title: null, count: 10);

        Assert.Equal("tone knob", top[0][0].Text);
        Assert.DoesNotContain(top[0], p => p.Text.Contains("fender", StringComparison.OrdinalIgnoreCase) || p.Text.Contains("zorblax", StringComparison.Ordinal));
    }
}
