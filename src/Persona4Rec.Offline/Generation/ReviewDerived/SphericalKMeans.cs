using System.Numerics.Tensors;

namespace Persona4Rec.Offline.Generation.ReviewDerived;

/// <summary>
/// k-means on unit vectors with cosine similarity (spherical k-means), k-means++ seeding from a
/// seeded random source, and the silhouette coefficient (cosine distance) to compare choices of k.
/// Sized for one item's sentences (tens to a few hundred points): exact and simple.
/// </summary>
internal static class SphericalKMeans
{
    private const int MaxIterations = 30;

    public static int[] Cluster(float[][] points, int k, int seed)
    {
        var random = new Random(seed);
        int n = points.Length;
        int dimension = points[0].Length;
        var centroids = SeedPlusPlus(points, k, random);
        var assignment = new int[n];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                int best = 0;
                float bestSimilarity = float.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    float similarity = TensorPrimitives.Dot(points[i], centroids[c]);
                    if (similarity > bestSimilarity)
                    {
                        bestSimilarity = similarity;
                        best = c;
                    }
                }

                changed |= assignment[i] != best || iteration == 0;
                assignment[i] = best;
            }

            if (!changed)
            {
                break;
            }

            for (int c = 0; c < k; c++)
            {
                var sum = new float[dimension];
                int members = 0;
                for (int i = 0; i < n; i++)
                {
                    if (assignment[i] == c)
                    {
                        TensorPrimitives.Add(sum, points[i], sum);
                        members++;
                    }
                }

                float norm = TensorPrimitives.Norm(sum);
                // An emptied cluster restarts at the point farthest from its centroid.
                centroids[c] = members > 0 && norm > 0 ? Scale(sum, 1 / norm) : points[Farthest(points, centroids, assignment)];
            }
        }

        return assignment;
    }

    /// <summary>Mean silhouette with cosine distance; clusters of one point score 0, as is usual.</summary>
    public static double Silhouette(float[][] points, int[] assignment, int k)
    {
        int n = points.Length;
        var sizes = new int[k];
        foreach (int a in assignment)
        {
            sizes[a]++;
        }

        double total = 0;
        var distanceTo = new double[k];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(distanceTo);
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    distanceTo[assignment[j]] += 1 - TensorPrimitives.Dot(points[i], points[j]);
                }
            }

            int own = assignment[i];
            if (sizes[own] <= 1)
            {
                continue;
            }

            double a = distanceTo[own] / (sizes[own] - 1);
            double b = double.MaxValue;
            for (int c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, distanceTo[c] / sizes[c]);
                }
            }

            total += b == double.MaxValue ? 0 : (b - a) / Math.Max(a, b);
        }

        return total / n;
    }

    private static float[][] SeedPlusPlus(float[][] points, int k, Random random)
    {
        var centroids = new float[k][];
        centroids[0] = points[random.Next(points.Length)];
        var distance = new double[points.Length];
        for (int c = 1; c < k; c++)
        {
            double sum = 0;
            for (int i = 0; i < points.Length; i++)
            {
                double nearest = double.MaxValue;
                for (int j = 0; j < c; j++)
                {
                    nearest = Math.Min(nearest, 1 - TensorPrimitives.Dot(points[i], centroids[j]));
                }

                distance[i] = Math.Max(0, nearest) * Math.Max(0, nearest);
                sum += distance[i];
            }

            double target = random.NextDouble() * sum;
            int chosen = points.Length - 1;
            for (int i = 0; i < points.Length; i++)
            {
                target -= distance[i];
                if (target <= 0 && distance[i] > 0)
                {
                    chosen = i;
                    break;
                }
            }

            centroids[c] = points[chosen];
        }

        return centroids;
    }

    private static int Farthest(float[][] points, float[][] centroids, int[] assignment)
    {
        int farthest = 0;
        float lowest = float.PositiveInfinity;
        for (int i = 0; i < points.Length; i++)
        {
            float similarity = TensorPrimitives.Dot(points[i], centroids[assignment[i]]);
            if (similarity < lowest)
            {
                lowest = similarity;
                farthest = i;
            }
        }

        return farthest;
    }

    private static float[] Scale(float[] vector, float factor)
    {
        TensorPrimitives.Multiply(vector, factor, vector);
        return vector;
    }
}
