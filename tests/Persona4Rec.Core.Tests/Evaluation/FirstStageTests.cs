namespace Persona4Rec.Tests.Evaluation;

public sealed class FirstStageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Review R(string user, string item) => new($"{user}:{item}", user, item, 5, "", null, DateTimeOffset.UnixEpoch);

    /// <summary>Two tastes: users g0..g9 use guitar items, d0..d9 drum items; each user has seen three of five.</summary>
    private static List<Review> TwoTastes()
    {
        var reviews = new List<Review>();
        for (int u = 0; u < 10; u++)
        {
            for (int k = 0; k < 3; k++)
            {
                reviews.Add(R($"g{u}", $"guitar{(u + k) % 5}"));
                reviews.Add(R($"d{u}", $"drum{(u + k) % 5}"));
            }
        }

        return reviews;
    }

    private static Func<string, IReadOnlySet<string>> SeenIn(List<Review> train) =>
        user => train.Where(r => r.UserId == user).Select(r => r.ItemId).ToHashSet();

    [Fact]
    public async Task Popularity_RanksByTrainingCount_WithoutTheUsersItems()
    {
        List<Review> train = [R("a", "x"), R("b", "x"), R("c", "x"), R("a", "y"), R("b", "y"), R("c", "z")];
        var source = new PopularityCandidateSource(train, SeenIn(train));

        Assert.Equal(["x", "y", "z"], await source.GetCandidatesAsync("new", 5, Token));
        Assert.Equal(["z"], await source.GetCandidatesAsync("a", 5, Token));
        Assert.Equal(["x"], await source.GetCandidatesAsync("new", 1, Token));
    }

    [Fact]
    public async Task BprMf_LearnsTheTwoTastes_AndExcludesSeenItems()
    {
        List<Review> train = TwoTastes();
        var source = new BprMfCandidateSource(train, SeenIn(train), new BprMfOptions { Epochs = 200 });

        IReadOnlyList<string> forGuitarist = await source.GetCandidatesAsync("g0", 4, Token);
        IReadOnlyList<string> forDrummer = await source.GetCandidatesAsync("d0", 4, Token);

        Assert.Equal(["guitar3", "guitar4"], forGuitarist.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(["drum3", "drum4"], forDrummer.Take(2).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(forGuitarist, id => id is "guitar0" or "guitar1" or "guitar2");
    }

    [Fact]
    public async Task BprMf_SameSeed_SameCandidates()
    {
        List<Review> train = TwoTastes();
        var a = await new BprMfCandidateSource(train, SeenIn(train)).GetCandidatesAsync("g3", 10, Token);
        var b = await new BprMfCandidateSource(train, SeenIn(train)).GetCandidatesAsync("g3", 10, Token);
        Assert.Equal(a, b);
    }
}
