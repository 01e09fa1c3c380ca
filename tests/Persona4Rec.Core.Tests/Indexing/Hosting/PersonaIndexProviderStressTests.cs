using System.Collections.Concurrent;
using System.Diagnostics;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Hosting;

/// <summary>
/// Several threads query continuously while the index is swapped 100 times between versions with
/// different items, half in memory and half reloaded from files. No timing is asserted: the
/// swapper waits for queries to progress between swaps, so swaps land while queries run.
/// </summary>
public sealed class PersonaIndexProviderStressTests : IDisposable
{
    private const int Swaps = 100;
    private const int QueryThreads = 4;
    private const int QueriesBetweenSwaps = 2 * QueryThreads;
    private static readonly char[] Tags = ['A', 'B', 'C', 'D'];
    private static readonly TimeSpan NoProgressLimit = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();
    private readonly float[][] _queries;
    private readonly Dictionary<char, Expected[]> _expected;
    private readonly ConcurrentDictionary<PersonaIndex, int> _retired = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<long, byte> _versionsSeen = new();
    private long _queriesRun;

    public PersonaIndexProviderStressTests()
    {
        var random = new Random(7);
        _queries = [.. Enumerable.Range(0, 8).Select(_ => TestIndexes.RandomVector(random, PrefixedIndexes.Dimension))];
        _expected = Tags.ToDictionary(tag => tag, tag => ExpectedAnswers(PrefixedIndexes.Build(tag)));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Swap_HundredTimesUnderQueryLoad_EveryAnswerFromExactlyOneVersion()
    {
        var files = Tags.ToDictionary(tag => tag, tag =>
        {
            string path = _temp.File($"{tag}.p4r");
            PrefixedIndexes.Build(tag).Save(path);
            return path;
        });
        var provider = new PersonaIndexProvider(PrefixedIndexes.Build('A'), index => _retired.AddOrUpdate(index, 1, (_, n) => n + 1));
        using var stop = new CancellationTokenSource();
        Thread[] threads = [.. Enumerable.Range(0, QueryThreads).Select(t => new Thread(() => QueryLoop(provider, t, stop.Token)) { IsBackground = true })];
        var clock = Stopwatch.StartNew();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        try
        {
            for (int swap = 1; swap <= Swaps; swap++)
            {
                WaitForQueries(Interlocked.Read(ref _queriesRun) + QueriesBetweenSwaps);
                char tag = Tags[swap % Tags.Length];
                long version = swap % 2 == 0
                    ? provider.Swap(PrefixedIndexes.Build(tag))
                    : await provider.ReloadAsync(files[tag], TestContext.Current.CancellationToken);
                Assert.Equal(swap + 1, version);
            }

            WaitForQueries(Interlocked.Read(ref _queriesRun) + QueriesBetweenSwaps);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (Thread thread in threads)
            {
                Assert.True(thread.Join(NoProgressLimit), "a query thread did not stop");
            }
        }

        clock.Stop();
        provider.Dispose();

        Assert.Empty(_errors);
        Assert.Equal(Swaps + 1, _retired.Count);
        Assert.All(_retired.Values, count => Assert.Equal(1, count));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{_queriesRun} queries on {QueryThreads} threads, {Swaps} swaps, {_versionsSeen.Count} versions answered, {clock.Elapsed.TotalSeconds:F1} s, 0 errors");
    }

    private void QueryLoop(PersonaIndexProvider provider, int thread, CancellationToken stop)
    {
        long lastVersion = 0;
        int next = thread;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using PersonaIndexLease lease = provider.Lease();
                if (lease.Version < lastVersion)
                {
                    _errors.Enqueue($"thread {thread} leased version {lease.Version} after {lastVersion}");
                }

                lastVersion = lease.Version;
                PersonaIndex index = lease.Index;
                int q = next++ % _queries.Length;
                Expected expected = _expected[PrefixedIndexes.TagOf(index)][q];
                ScoredItem[] found = index.Search(_queries[q], 10);
                ScoredItem[] scored = index.Score(_queries[q], expected.Candidates);
                _ = index.GetPersonas(found[0].ItemId);
                if (Describe(found) != expected.Search || Describe(scored) != expected.Score)
                {
                    _errors.Enqueue($"version {lease.Version}: an answer differs from version {PrefixedIndexes.TagOf(index)}'s");
                }

                if (_retired.ContainsKey(index))
                {
                    _errors.Enqueue($"version {lease.Version} was retired while leased");
                }

                _versionsSeen.TryAdd(lease.Version, 0);
                Interlocked.Increment(ref _queriesRun);
            }
            catch (Exception e)
            {
                _errors.Enqueue(e.ToString());
            }
        }
    }

    private void WaitForQueries(long target)
    {
        var waited = Stopwatch.StartNew();
        while (Interlocked.Read(ref _queriesRun) < target && _errors.IsEmpty)
        {
            Assert.True(waited.Elapsed < NoProgressLimit, "the query threads made no progress");
            Thread.Yield();
        }
    }

    private Expected[] ExpectedAnswers(PersonaIndex index)
    {
        string[] candidates = [.. Enumerable.Range(0, index.ItemCount).Where(i => i % 3 == 0).Select(index.GetItemId)];
        return [.. _queries.Select(q => new Expected(Describe(index.Search(q, 10)), candidates, Describe(index.Score(q, candidates))))];
    }

    /// <summary>An answer as text, scores to the bit, so that answers compare exactly.</summary>
    private static string Describe(ScoredItem[] answer) =>
        string.Join(' ', answer.Select(s => $"{s.ItemId}/{s.MatchedPersona.PersonaId}/{BitConverter.SingleToInt32Bits(s.Score):X8}"));

    private sealed record Expected(string Search, string[] Candidates, string Score);
}
