namespace Persona4Rec.Tests.Recommendation;

public sealed class PersonaRecommenderTests
{
    // Three axes: 0 = live playing, 1 = home recording, 2 = drumming.
    private static readonly Review[] Reviews =
    [
        new("r-tuner-1", "x", "tuner", 5, "Fast and readable on a dark stage between songs. I use it at every gig.", null, DateTimeOffset.UnixEpoch),
        new("r-pop-1", "y", "pop", 5, "No more popping p sounds in my podcast recordings.", null, DateTimeOffset.UnixEpoch),
        new("r-pad-1", "z", "pad", 4, "Quiet enough for late practice in my flat.", null, DateTimeOffset.UnixEpoch),
    ];

    private static PersonaIndex Index() => new PersonaIndexBuilder(3, "m", "t")
        .Add(new ItemPersonas("tuner", "A tuner.", [new Persona("P1", "tuner", "Gigging Guitarist", "Plays live.", "Tunes fast on stage.", ["r-tuner-1"])]), [new float[] { 1, 0.1f, 0 }])
        .Add(new ItemPersonas("pop", "A pop filter.", [
            new Persona("P1", "pop", "Home Podcaster", "Records at home.", "Clean plosives.", ["r-pop-1"]),
            new Persona("P2", "pop", "Stage Vocalist", "Sings live.", "Tames plosives on stage mics.", []),
        ]), [new float[] { 0, 1, 0 }, new float[] { 0.9f, 0.2f, 0 }])
        .Add(new ItemPersonas("pad", "A practice pad.", [new Persona("P1", "pad", "Apartment Drummer", "Practises late.", "Quiet.", ["r-pad-1"])]), [new float[] { 0, 0, 1 }])
        .Add(new ItemPersonas("new-mic", "A new microphone.", [Persona.FromSummary("new-mic", "A new microphone.")]), [new float[] { 0.2f, 0.8f, 0.1f }])
        .Build();

    private static UserProfile LivePlayer()
    {
        var profile = new UserProfile("u", 3);
        profile.Add(new UserInteraction("u", "cable", DateTimeOffset.UnixEpoch), [1, 0, 0]);
        return profile;
    }

    [Fact]
    public void Rerank_OrdersByMaxOverPersonas_AndExplainsWithThePersonaAndQuotes()
    {
        var recommender = new PersonaRecommender(Index(), Reviews.ToDictionary(r => r.ReviewId));

        var result = recommender.Rerank(LivePlayer(), ["pad", "pop", "tuner"]);

        Assert.Equal(["tuner", "pop", "pad"], result.Select(r => r.Item.ItemId));
        Assert.Equal([1, 2, 3], result.Select(r => r.Rank));
        Assert.Equal("Gigging Guitarist", result[0].Explanation.PersonaName);
        Assert.Equal("Tunes fast on stage.", result[0].Explanation.PreferenceRationale);
        Assert.Equal("r-tuner-1", result[0].Explanation.Quotes.Single().ReviewId);
        Assert.StartsWith("Fast and readable", result[0].Explanation.Quotes[0].Text, StringComparison.Ordinal);
        Assert.Equal("Stage Vocalist", result[1].Explanation.PersonaName); // the live persona of the pop filter wins for a live player
        Assert.Empty(result[1].Explanation.Quotes);
    }

    [Fact]
    public void Rerank_FusionMode_CombinesTheFirstStageOrderWithThePersonaOrder()
    {
        // Live player: persona order tuner, pop, new-mic, pad; first stage pad, new-mic, pop, tuner.
        // With k = 0: pad = 1 + 1/4 = tuner; new-mic = 1/2 + 1/3 = pop; ties go to the first stage.
        var recommender = new PersonaRecommender(Index(), options: new() { Mode = RerankMode.ReciprocalRankFusion, FusionK = 0 });
        var result = recommender.Rerank(LivePlayer(), ["pad", "new-mic", "pop", "tuner"]);
        Assert.Equal(["pad", "tuner", "new-mic", "pop"], result.Select(r => r.Item.ItemId));
        Assert.Equal([1, 2, 3, 4], result.Select(r => r.Rank));
        Assert.Equal("Gigging Guitarist", result[1].Explanation.PersonaName);
        Assert.Equal(["tuner", "pop", "new-mic", "pad"], new PersonaRecommender(Index()).Rerank(LivePlayer(), ["pad", "new-mic", "pop", "tuner"]).Select(r => r.Item.ItemId));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersonaRecommender(Index(), options: new() { Mode = (RerankMode)7 }));
    }

    [Fact]
    public void Rerank_ExcludesTheUsersOwnItems_AndDuplicates()
    {
        UserProfile profile = LivePlayer();
        profile.Add(new UserInteraction("u", "tuner", DateTimeOffset.UnixEpoch.AddDays(1)), [1, 0, 0]);

        var result = new PersonaRecommender(Index()).Rerank(profile, ["tuner", "pop", "pop", "pad"], count: 5);

        Assert.Equal(["pop", "pad"], result.Select(r => r.Item.ItemId));
    }

    [Fact]
    public void Rerank_UnknownCandidate_ThrowsNamingIt_OrIsSkippedWhenAskedTo()
    {
        var error = Assert.Throws<UnknownItemException>(() => new PersonaRecommender(Index()).Rerank(LivePlayer(), ["pop", "ghost"]));
        Assert.Equal(["ghost"], error.ItemIds);

        var skipping = new PersonaRecommender(Index(), options: new PersonaRecommenderOptions { SkipUnknownCandidates = true });
        Assert.Equal(["pop"], skipping.Rerank(LivePlayer(), ["pop", "ghost"]).Select(r => r.Item.ItemId));
    }

    [Fact]
    public void Search_WholeCatalogue_IncludesItemsWithoutReviewsThroughTheirSummary()
    {
        var recorder = new UserProfile("r", 3);
        recorder.Add(new UserInteraction("r", "pop", DateTimeOffset.UnixEpoch), [0.1f, 1, 0]);

        var result = new PersonaRecommender(Index()).Search(recorder, 2);

        Assert.Equal(["new-mic", "tuner"], result.Select(r => r.Item.ItemId));
        Assert.Equal("General Audience", result[0].Explanation.PersonaName);
    }

    [Fact]
    public async Task RecommendAsync_AsksTheFirstStage_ThenReranks()
    {
        var source = new FixedCandidates(["pad", "pop", "tuner"]);

        var result = await new PersonaRecommender(Index()).RecommendAsync(LivePlayer(), source, candidates: 3, count: 2, TestContext.Current.CancellationToken);

        Assert.Equal(["tuner", "pop"], result.Select(r => r.Item.ItemId));
        Assert.Equal(("u", 3), source.LastRequest);
    }

    [Fact]
    public async Task EmptyProfile_FailsClearly_BeforeCallingTheFirstStage()
    {
        var source = new FixedCandidates(["pop"]);
        var recommender = new PersonaRecommender(Index());
        var empty = new UserProfile("newcomer", 3);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => recommender.RecommendAsync(empty, source, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("first stage", error.Message, StringComparison.Ordinal);
        Assert.Null(source.LastRequest);
        Assert.Throws<InvalidOperationException>(() => recommender.Search(empty, 3));
    }

    private sealed class FixedCandidates(string[] candidates) : ICandidateSource
    {
        public (string UserId, int Count)? LastRequest { get; private set; }

        public Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default)
        {
            LastRequest = (userId, count);
            return Task.FromResult<IReadOnlyList<string>>(candidates.Take(count).ToArray());
        }
    }
}
