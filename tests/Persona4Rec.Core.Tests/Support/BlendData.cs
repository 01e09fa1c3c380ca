namespace Persona4Rec.Tests.Support;

/// <summary>Hand-made blend queries where the truth is known, and a tiny index for the blend's index checks.</summary>
internal static class BlendData
{
    public const int Candidates = 20;

    public static PersonaIndex Index(string modelId = "blend-model") => new PersonaIndexBuilder(2, modelId, "blend-template")
        .Add(new ItemPersonas("i0", null, [Persona.FromSummary("i0", "An item.")]), [new float[] { 1, 0 }])
        .Build();

    /// <summary>The candidates c0..c5 of <see cref="SixItems"/>, in the first stage's order.</summary>
    public static readonly string[] SixCandidates = ["c0", "c1", "c2", "c3", "c4", "c5"];

    /// <summary>Six items whose order by persona score, for <see cref="SixItemsUser"/>, is the reverse of <see cref="SixCandidates"/>.</summary>
    public static PersonaIndex SixItems()
    {
        var builder = new PersonaIndexBuilder(2, "m", "t");
        for (int i = 0; i < 6; i++)
        {
            builder.Add(new ItemPersonas($"c{i}", null, [Persona.FromSummary($"c{i}", "An item.")]), [new float[] { i, 5 - i }]);
        }

        return builder.Build();
    }

    public static UserProfile SixItemsUser()
    {
        var profile = new UserProfile("u", 2);
        profile.Add(new UserInteraction("u", "owned", DateTimeOffset.UnixEpoch), [1, 0]);
        return profile;
    }

    /// <summary>A convex blend with persona weight <paramref name="alpha"/> on unscaled features (0: the first stage alone).</summary>
    public static RerankBlend Convex(IPersonaIndex index, double alpha) => new(
        alpha == 0 ? RerankBlendKind.FirstStageOnly : RerankBlendKind.Convex,
        RerankBlendFitter.Convex(alpha),
        new double[8],
        [1, 1, 1, 1, 1, 1, 1, 1],
        "stage",
        index,
        new Dictionary<string, int>(),
        10);

    /// <summary>Item ids of a query: unique per user so that popularity plays no part.</summary>
    public static string[] Items(int user) => [.. Enumerable.Range(0, Candidates).Select(i => $"u{user}-c{i}")];

    /// <summary>
    /// Queries whose positive is the best candidate by (1 − α)·(−first-stage rank) + α·(−persona rank),
    /// ties to the better first-stage rank: the convex blend with weight α orders them perfectly.
    /// </summary>
    public static List<BlendQuery> ConvexTruth(double alpha, int users, int seed)
    {
        var random = new Random(seed);
        var queries = new List<BlendQuery>();
        for (int u = 0; u < users; u++)
        {
            string[] items = Items(u);
            float[] scores = [.. Enumerable.Range(0, Candidates).Select(_ => (float)random.NextDouble())];
            int[] personaRank = RanksOf(scores);
            int best = Enumerable.Range(0, Candidates)
                .OrderByDescending(i => ((1 - alpha) * -(i + 1)) + (alpha * -personaRank[i]))
                .ThenBy(i => i)
                .First();
            queries.Add(new BlendQuery($"u{u}", items, scores, new float[Candidates], 3, items[best]));
        }

        return queries;
    }

    /// <summary>Queries whose positive depends on the first-stage rank only (often near the top); the persona scores are noise.</summary>
    public static List<BlendQuery> PersonaNoise(int users, int seed)
    {
        var random = new Random(seed);
        var queries = new List<BlendQuery>();
        for (int u = 0; u < users; u++)
        {
            string[] items = Items(u);
            float[] scores = [.. Enumerable.Range(0, Candidates).Select(_ => (float)random.NextDouble())];
            int position = 0;
            while (position < Candidates - 1 && random.NextDouble() > 0.3)
            {
                position++;
            }

            queries.Add(new BlendQuery($"u{u}", items, scores, new float[Candidates], 1 + random.Next(10), items[position]));
        }

        return queries;
    }

    private static int[] RanksOf(float[] scores)
    {
        int[] order = [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i)];
        var ranks = new int[scores.Length];
        for (int r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r + 1;
        }

        return ranks;
    }
}
