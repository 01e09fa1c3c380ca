using System.Buffers;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

/// <summary>
/// A query longer than the stack buffer (2,048 floats) is normalised in an array rented from
/// <see cref="ArrayPool{T}.Shared"/>; a rejected query must still give it back. The shared pool
/// keeps the last returned array of each size per thread and hands that same array to the next
/// rent on the thread, so "the next rent returns the array seeded just before the failing call"
/// holds exactly when the call returned what it rented.
/// </summary>
public sealed class PooledBufferTests
{
    private const int Dimension = 3000;

    private static readonly PersonaIndex Index = TestIndexes.RandomIndex(seed: 19, items: 6, Dimension);

    public static TheoryData<string> FailingCalls => ["Search", "SearchInto", "Score", "ScoreOrdinals"];

    [Theory]
    [MemberData(nameof(FailingCalls))]
    public void QueryPaths_RejectedVector_ReturnTheRentedQueryBuffer(string call)
    {
        float[] bad = TestIndexes.RandomVector(new Random(1), Dimension);
        bad[Dimension / 2] = float.NaN;
        string[] candidates = [Index.GetItemId(0), Index.GetItemId(1)];
        Action failing = call switch
        {
            "Search" => () => Index.Search(bad, 3),
            "SearchInto" => () => Index.Search(bad, new PersonaMatch[3]),
            "Score" => () => Index.Score(bad, candidates),
            _ => () => Index.ScoreOrdinals(bad, [0, 1], new PersonaMatch[2]),
        };

        AssertReturnsPooledArray<float>(Dimension, () => Assert.Throws<ArgumentException>(failing));
    }

    [Fact]
    public void Score_UnknownCandidatesPastTheStackBuffer_ReturnTheRentedOrdinals()
    {
        float[] user = TestIndexes.RandomVector(new Random(2), Dimension);
        string[] candidates = Enumerable.Range(0, 300).Select(i => i == 299 ? "no-such-item" : Index.GetItemId(i % Index.ItemCount)).ToArray();

        AssertReturnsPooledArray<int>(candidates.Length, () => Assert.Throws<UnknownItemException>(() => Index.Score(user, candidates)));
    }

    [Fact]
    public void Search_ValidQuery_StillScoresWithAPooledQuery()
    {
        float[] user = TestIndexes.RandomVector(new Random(3), Dimension);
        var reference = TestIndexes.BruteForceScores(Index, user);

        ScoredItem[] found = Index.Search(user, 3);

        Assert.Equal(reference.OrderByDescending(r => r.Score).Take(3).Select(r => r.ItemId), found.Select(f => f.ItemId));
    }

    /// <summary>
    /// Seeds the thread's pool slot for <paramref name="length"/>, runs the failing call, and checks
    /// that the next rent gets the seeded array back. A gen-2 collection may trim the pool in
    /// between (the only other way to lose the array), so such an attempt is repeated.
    /// </summary>
    private static void AssertReturnsPooledArray<T>(int length, Action failingCall)
    {
        for (int attempt = 1; ; attempt++)
        {
            int collections = GC.CollectionCount(2);
            T[] seeded = ArrayPool<T>.Shared.Rent(length);
            ArrayPool<T>.Shared.Return(seeded);

            failingCall();

            T[] next = ArrayPool<T>.Shared.Rent(length);
            ArrayPool<T>.Shared.Return(next);
            if (GC.CollectionCount(2) == collections || attempt == 5)
            {
                Assert.Same(seeded, next);
                return;
            }
        }
    }
}
