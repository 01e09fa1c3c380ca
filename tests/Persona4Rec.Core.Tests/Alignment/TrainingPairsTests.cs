using Persona4Rec.Alignment;
using Persona4Rec.Evaluation.Alignment;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Alignment;

public sealed class TrainingPairsTests
{
    /// <summary>One user, four training reviews of items a..d (then validation e and test f), each item with two personas along axes.</summary>
    private static (LeaveOneOutSplit Split, PersonaIndex Index, Dictionary<string, ReadOnlyMemory<float>> Vectors) Scenario()
    {
        string[] items = ["a", "b", "c", "d", "e", "f"];
        var reviews = items.Select((item, k) => new Review($"r{k}", "u", item, 5, $"review {k}", null, DateTimeOffset.UnixEpoch.AddDays(k))).ToList();
        var split = LeaveOneOutSplit.Create(reviews);
        var builder = new PersonaIndexBuilder(4, "m", "t");
        foreach (string item in items[..4])
        {
            builder.Add(
                new ItemPersonas(item, null, [TestIndexes.MakePersona(item, 0), TestIndexes.MakePersona(item, 1)]),
                [new float[] { 1, 0, 0, 0 }, new float[] { 0, 1, 0, 0 }]);
        }

        // Reviews r0 and r2 lean to axis 0 (persona P1), r1 and r3 to axis 1 (persona P2).
        var vectors = new Dictionary<string, ReadOnlyMemory<float>>
        {
            ["r0"] = new float[] { 1, 0.1f, 0.3f, 0 },
            ["r1"] = new float[] { 0.1f, 1, 0, 0.3f },
            ["r2"] = new float[] { 1, 0.2f, 0, 0 },
            ["r3"] = new float[] { 0.2f, 1, 0, 0 },
        };
        return (split, builder.Build(), vectors);
    }

    [Fact]
    public void Build_UserSideIsTheProfileStrictlyBefore_AndThePositiveIsTheClosestPersona()
    {
        var (split, index, vectors) = Scenario();
        var options = new UserProfileOptions { MaxInteractions = 10, Gamma = 0.5f };

        var pairs = TrainingPairs.Build(split, index, vectors, null, options);

        // The first review has no earlier one: pairs for b, c, d.
        Assert.Equal(3, pairs.Count);
        Assert.Equal(["P2", "P1", "P2"], pairs.Positives.Select(p => index.GetPersona(p).PersonaId));
        Assert.Equal(["b", "c", "d"], pairs.Positives.Select(p => index.GetPersona(p).ItemId));

        // Pair for c: profile of r1 (newest, weight 1) and r0 (weight 0.5), normalised.
        var profile = new UserProfile("u", 4, options);
        profile.Add(new UserInteraction("u", "a", DateTimeOffset.UnixEpoch), vectors["r0"].Span);
        profile.Add(new UserInteraction("u", "b", DateTimeOffset.UnixEpoch.AddDays(1)), vectors["r1"].Span);
        var expected = new float[4];
        profile.CopyVectorTo(expected);
        Assert.Equal(TrainingPairs.Unit(expected), pairs.Users.AsSpan(4, 4).ToArray());
    }

    [Fact]
    public void Build_JudgeLabelOverridesTheClosestPersona_OnlyForItsInteraction()
    {
        var (split, index, vectors) = Scenario();
        var labels = new Dictionary<(string, string), string> { [("u", "c")] = "P2", [("u", "e")] = "P1" };

        var pairs = TrainingPairs.Build(split, index, vectors, labels, new UserProfileOptions());

        Assert.Equal(["P2", "P2", "P2"], pairs.Positives.Select(p => index.GetPersona(p).PersonaId));
        Assert.Equal(1, pairs.JudgeLabelled);
    }
}
