using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Benchmarks;

/// <summary>The naive baselines: scalar dot products, one persona at a time, as a first version would write them.</summary>
internal static class ScalarReference
{
    public static float Rerank(PersonaIndex index, float[] user, int[] candidates)
    {
        float[] query = Normalize(user);
        int dimension = index.Dimension;
        ReadOnlySpan<float> vectors = index.Vectors;
        ReadOnlySpan<int> start = index.PersonaStart;
        float checksum = 0;
        Span<float> dot = stackalloc float[1];
        foreach (int item in candidates)
        {
            float best = float.NegativeInfinity;
            for (int p = start[item]; p < start[item + 1]; p++)
            {
                DotRowsKernel.DotRowsScalar(query, vectors.Slice(p * dimension, dimension), dimension, dot);
                best = Math.Max(best, dot[0]);
            }

            checksum += best;
        }

        return checksum;
    }

    public static (int Item, float Score)[] Search(PersonaIndex index, float[] user, int k)
    {
        float[] query = Normalize(user);
        int dimension = index.Dimension;
        ReadOnlySpan<float> vectors = index.Vectors;
        ReadOnlySpan<int> start = index.PersonaStart;
        var heap = new PriorityQueue<int, float>();
        Span<float> dot = stackalloc float[1];
        for (int item = 0; item < index.ItemCount; item++)
        {
            float best = float.NegativeInfinity;
            for (int p = start[item]; p < start[item + 1]; p++)
            {
                DotRowsKernel.DotRowsScalar(query, vectors.Slice(p * dimension, dimension), dimension, dot);
                best = Math.Max(best, dot[0]);
            }

            heap.Enqueue(item, best);
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        return heap.UnorderedItems.Select(e => (e.Element, e.Priority)).OrderByDescending(e => e.Priority).ToArray();
    }

    private static float[] Normalize(float[] user)
    {
        double norm = Math.Sqrt(user.Sum(v => (double)v * v));
        return user.Select(v => (float)(v / norm)).ToArray();
    }
}
