using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The whole online request of the paper's setting, one thread: build the user's profile from
/// their 10 cached interaction vectors (γ-weighted mean), then rerank 20 candidates × 7 personas ×
/// 384-d with explanations. No encoder or LLM runs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OnlinePathBenchmarks
{
    private const int Dimension = 384;
    private PersonaIndex _index = null!;
    private PersonaRecommender _recommender = null!;
    private (UserInteraction Interaction, float[] Vector)[] _history = null!;
    private string[] _candidates = null!;

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticIndex.Create(items: 10_000, personasPerItem: 7, Dimension);
        _recommender = new PersonaRecommender(_index);
        _history = Enumerable.Range(0, 10)
            .Select(i => (new UserInteraction("u", $"owned-{i}", DateTimeOffset.UnixEpoch.AddDays(i)), SyntheticIndex.RandomUser(Dimension, 100 + i)))
            .ToArray();
        var random = new Random(5);
        _candidates = Enumerable.Range(0, 20).Select(_ => _index.GetItemId(random.Next(_index.ItemCount))).ToArray();
    }

    [Benchmark(Baseline = true, Description = "rerank only (profile vector given)")]
    public float ScoreOnly() => _index.Score(_history[^1].Vector, _candidates)[0].Score;

    [Benchmark(Description = "profile from 10 cached vectors + rerank 20 with explanations")]
    public int ProfileAndRerank()
    {
        var profile = new UserProfile("u", Dimension);
        foreach ((UserInteraction interaction, float[] vector) in _history)
        {
            profile.Add(interaction, vector);
        }

        return _recommender.Rerank(profile, _candidates, 10).Count;
    }
}
