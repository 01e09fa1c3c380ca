using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Profiles;

public sealed class UserProfileTests
{
    private static UserInteraction At(int day, string item = "i") => new("u", item + day, DateTimeOffset.UnixEpoch.AddDays(day));

    private static float[] Profile(UserProfile profile)
    {
        var vector = new float[profile.Dimension];
        profile.CopyVectorTo(vector);
        return vector;
    }

    [Fact]
    public void Add_ComputesTheGammaWeightedMeanNewestFirst()
    {
        var profile = new UserProfile("u", 2, new UserProfileOptions { Gamma = 0.5f });
        profile.Add(At(1), [1, 0]);   // oldest: weight 0.25
        profile.Add(At(3), [0, 2]);   // newest: weight 1 (normalised to [0, 1])
        profile.Add(At(2), [3, 0]);   // middle: weight 0.5 (inserted in time order)

        // (1·[0,1] + 0.5·[1,0] + 0.25·[1,0]) / 1.75
        Assert.Equal([0.75f / 1.75f, 1 / 1.75f], Profile(profile), (a, b) => MathF.Abs(a - b) < 1e-6f);
        Assert.Equal(["i3", "i2", "i1"], profile.Interactions.Select(i => i.ItemId));
    }

    [Fact]
    public void Add_KeepsOnlyTheLastL_AndIgnoresOlderOnes()
    {
        var profile = new UserProfile("u", 2, new UserProfileOptions { MaxInteractions = 2, Gamma = 1 });
        Assert.True(profile.Add(At(5), [1, 0]));
        Assert.True(profile.Add(At(6), [0, 1]));
        Assert.False(profile.Add(At(1), [1, 1]));
        Assert.True(profile.Add(At(7), [0, 1]));

        Assert.Equal(["i7", "i6"], profile.Interactions.Select(i => i.ItemId));
        Assert.Equal([0f, 1f], Profile(profile));
    }

    [Fact]
    public void EmptyProfile_HasNoVector_AndSaysWhy()
    {
        var profile = new UserProfile("newcomer", 4);
        Assert.True(profile.IsEmpty);
        var error = Assert.Throws<InvalidOperationException>(() => profile.CopyVectorTo(new float[4]));
        Assert.Contains("newcomer", error.Message, StringComparison.Ordinal);
        Assert.Contains("first stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_InvalidInput_Throws()
    {
        var profile = new UserProfile("u", 2);
        Assert.Throws<ArgumentException>(() => profile.Add(new UserInteraction("other", "i", DateTimeOffset.UnixEpoch), [1, 0]));
        Assert.Throws<ArgumentException>(() => profile.Add(At(1), [1, 0, 0]));
        Assert.Throws<ArgumentException>(() => profile.Add(At(1), [float.NaN, 0]));
        Assert.Throws<ArgumentException>(() => new UserProfile("u", 2, new UserProfileOptions { Gamma = 0 }));
        Assert.True(profile.IsEmpty);
    }

    [Fact]
    public async Task Builder_EncodesEachInteractionOnce_AndAddingDoesNotReencodeTheHistory()
    {
        var generator = new FakeEmbeddingGenerator(16);
        var builder = new UserProfileBuilder(new EmbeddingPersonaEncoder(generator), new UserProfileOptions { MaxInteractions = 3 });
        var history = Enumerable.Range(1, 5).Select(d => new InteractionText(At(d) with { ReviewText = $"review {d}" }, $"Item {d}.", null)).ToArray();

        UserProfile profile = await builder.BuildAsync("u", history, TestContext.Current.CancellationToken);
        int encodedAtBuild = generator.Calls.Sum(c => c.Texts.Count);
        await builder.AddAsync(profile, new InteractionText(At(9) with { ReviewText = "new" }, "Item 9.", null), TestContext.Current.CancellationToken);

        Assert.Equal(3, encodedAtBuild);
        Assert.Equal(4, generator.Calls.Sum(c => c.Texts.Count));
        Assert.Equal(["i9", "i5", "i4"], profile.Interactions.Select(i => i.ItemId));
    }
}
