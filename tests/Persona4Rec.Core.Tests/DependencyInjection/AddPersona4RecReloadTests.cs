using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.DependencyInjection;

/// <summary>
/// The registered recommender follows hot reloads of the registered <see cref="PersonaIndexProvider"/>,
/// and quotes the reviews given with <c>AddPersona4RecReviews</c>.
/// </summary>
public sealed class AddPersona4RecReloadTests : IDisposable
{
    private const int Workers = 3;
    private const int QueriesPerPhase = 30;
    private static readonly TimeSpan NoProgressLimit = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Recommender_IndexReloadedUnderLoad_EveryRequestServed_ResultsSwitchToTheNewFile()
    {
        string first = SaveIndex('A');
        string second = SaveIndex('B');
        await using ServiceProvider services = await StartAsync(o => o.IndexPath = first);
        PersonaRecommender recommender = services.GetRequiredService<PersonaRecommender>();
        PersonaIndexProvider provider = services.GetRequiredService<PersonaIndexProvider>();
        UserProfile user = User();
        var errors = new ConcurrentQueue<string>();
        var served = new ConcurrentQueue<(bool AfterReload, string Tags)>();
        int reloaded = 0;
        long queries = 0;
        using var stop = new CancellationTokenSource();
        Task[] workers = [.. Enumerable.Range(0, Workers).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                bool afterReload = Volatile.Read(ref reloaded) == 1;
                try
                {
                    IReadOnlyList<Persona4Rec.Recommendation> found = recommender.Search(user, 5);
                    served.Enqueue((afterReload, new string([.. found.Select(r => r.Item.ItemId[0]).Distinct()])));
                }
                catch (Exception e)
                {
                    errors.Enqueue($"{e.GetType().Name}: {e.Message}");
                }

                Interlocked.Increment(ref queries);
            }
        }))];

        await WaitForAsync(() => Interlocked.Read(ref queries) >= QueriesPerPhase);
        long version = await provider.ReloadAsync(second, TestContext.Current.CancellationToken);
        Volatile.Write(ref reloaded, 1);
        long atReload = Interlocked.Read(ref queries);
        await WaitForAsync(() => Interlocked.Read(ref queries) >= atReload + QueriesPerPhase);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(errors);
        Assert.Equal(2, version);
        Assert.All(served, s => Assert.Single(s.Tags)); // one version per request, never a mix
        Assert.Contains(served, s => s.Tags == "A");
        Assert.All(served.Where(s => s.AfterReload), s => Assert.Equal("B", s.Tags));
        Assert.Equal('B', recommender.Search(user, 3)[0].Item.ItemId[0]);
        Assert.Equal('A', PrefixedIndexes.TagOf(services.GetRequiredService<PersonaIndex>())); // documented: the registered index stays the start-up one
    }

    [Fact]
    public async Task Recommender_ReviewsRegistered_ExplanationsQuoteThem()
    {
        string path = SaveIndex('A');
        PersonaIndex index = PersonaIndex.Load(path);
        Dictionary<string, Review> reviews = Enumerable.Range(0, index.PersonaCount)
            .SelectMany(p => index.GetPersona(p).ReviewIds)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => new Review(id, "reviewer", "item", 5, $"Review text of {id}.", null, DateTimeOffset.UnixEpoch), StringComparer.Ordinal);

        await using ServiceProvider withReviews = await StartAsync(o => o.IndexPath = path, s => s.AddPersona4RecReviews(reviews));
        await using ServiceProvider without = await StartAsync(o => o.IndexPath = path);

        Persona4Rec.Recommendation quoted = withReviews.GetRequiredService<PersonaRecommender>().Search(User(), 1)[0];
        Assert.Equal(2, quoted.Explanation.Quotes.Count);
        Assert.All(quoted.Explanation.Quotes, q => Assert.Equal($"Review text of {q.ReviewId}.", q.Text));
        Assert.Equal(quoted.Item.MatchedPersona.ReviewIds, quoted.Explanation.Quotes.Select(q => q.ReviewId));
        Assert.Empty(without.GetRequiredService<PersonaRecommender>().Search(User(), 1)[0].Explanation.Quotes);
    }

    [Fact]
    public void AddPersona4RecReviews_FactoryReturnsNull_IsAClearError()
    {
        var services = new ServiceCollection();
        services.AddPersona4Rec(o => o.IndexPath = SaveIndex('A'));
        services.AddPersona4RecReviews(_ => null!);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<PersonaRecommender>());

        Assert.Contains("AddPersona4RecReviews returned null", error.Message, StringComparison.Ordinal);
    }

    private string SaveIndex(char tag)
    {
        string path = _folder.File($"{tag}.p4r");
        PrefixedIndexes.Build(tag).Save(path);
        return path;
    }

    private static UserProfile User()
    {
        var profile = new UserProfile("u", PrefixedIndexes.Dimension);
        profile.Add(new UserInteraction("u", "owned", DateTimeOffset.UnixEpoch), TestIndexes.RandomVector(new Random(5), PrefixedIndexes.Dimension));
        return profile;
    }

    private static async Task<ServiceProvider> StartAsync(Action<Persona4RecOptions> configure, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddPersona4Rec(configure);
        more?.Invoke(services);
        ServiceProvider provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
        foreach (IHostedService service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        return provider;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < NoProgressLimit, "the query workers made no progress");
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }
}
