using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Evaluation;

public sealed class LeaveOneOutSplitTests
{
    private static Review R(string user, string item, int day, string? id = null) =>
        new(id ?? $"{user}:{item}", user, item, 4, $"{user} on {item}: the tone is warm and the build is solid.", null, DateTimeOffset.UnixEpoch.AddDays(day));

    [Fact]
    public void Create_LastIsTest_SecondLastIsValidation_RestIsTrain()
    {
        Review[] reviews = [R("a", "i3", 3), R("a", "i1", 1), R("a", "i4", 4), R("a", "i2", 2), R("b", "i1", 1), R("b", "i2", 2)];

        var split = LeaveOneOutSplit.Create(reviews);

        Assert.Equal("i4", split.Test["a"].ItemId);
        Assert.Equal("i3", split.Validation["a"].ItemId);
        Assert.Equal(["a:i1", "a:i2", "b:i1", "b:i2"], split.Train.Select(r => r.ReviewId).Order(StringComparer.Ordinal));
        Assert.False(split.Test.ContainsKey("b"));
    }

    [Fact]
    public void Create_SameTimestamp_BreaksTiesByReviewId()
    {
        var split = LeaveOneOutSplit.Create([R("a", "x", 1, "r2"), R("a", "y", 1, "r3"), R("a", "z", 1, "r1")]);
        Assert.Equal("r3", split.Test["a"].ReviewId);
        Assert.Equal("r2", split.Validation["a"].ReviewId);
    }

    [Fact]
    public async Task PersonasBuiltFromTheSplit_NeverCiteAHeldOutReview()
    {
        // Five users reviewing the same three items in turn: every item's last reviews are held out.
        var reviews = Enumerable.Range(0, 5).SelectMany(u => Enumerable.Range(0, 3).Select(i => R($"u{u}", $"item{i}", (u * 3) + i))).ToArray();
        var split = LeaveOneOutSplit.Create(reviews);
        var heldOut = split.Validation.Values.Concat(split.Test.Values).Select(r => r.ReviewId).ToHashSet();
        var generator = new ReviewPersonaGenerator(new FakeEmbeddingGenerator(32));

        foreach (var item in split.Train.GroupBy(r => r.ItemId))
        {
            ItemPersonas personas = await generator.GenerateAsync(ItemInfo.FromId(item.Key), item.ToArray(), cancellationToken: TestContext.Current.CancellationToken);
            Assert.DoesNotContain(personas.Personas.SelectMany(p => p.ReviewIds), heldOut.Contains);
        }

        Assert.Equal(10, heldOut.Count);
        Assert.DoesNotContain(split.Train, r => heldOut.Contains(r.ReviewId));
    }
}
