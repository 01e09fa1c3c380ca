using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Persona4Rec.Checks;
using Persona4Rec.Offline.Generation;
using Persona4Rec.Offline.Generation.ReviewDerived;

namespace Persona4Rec.Offline;

/// <summary>
/// The LLM-free default: derives an item's personas from its reviews with an embedding model. Review
/// sentences are embedded and clustered (spherical k-means, the number of personas chosen by the
/// best silhouette coefficient between <see cref="ReviewPersonaGeneratorOptions.MinPersonas"/> and
/// <see cref="ReviewPersonaGeneratorOptions.MaxPersonas"/>); each cluster becomes a persona named
/// by a key phrase taken verbatim from its sentences (class-based TF-IDF, re-ranked by maximal
/// marginal relevance to the cluster's centroid) and a role from its mean rating or from a motive one
/// of its sentences states, described and justified with its key phrases and most representative
/// sentences, and citing the reviews it came from. Near-duplicate clusters are merged. The rules are
/// in docs/personas.md.
/// </summary>
/// <remarks>
/// <para>
/// It is an honest approximation of the LLM's personas: it quotes and groups what reviewers wrote,
/// it does not infer motivations. Its output has the same shape, so indexing, scoring and
/// explanations work the same. Deterministic for a given seed and input order.
/// </para>
/// <para>Thread safety: safe for concurrent calls if the embedding generator is.</para>
/// </remarks>
public sealed class ReviewPersonaGenerator : IPersonaGenerator
{
    private const int MaxSentenceWords = 60;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private const int MaxPhraseCandidates = 10;
    private readonly ReviewPersonaGeneratorOptions _options;
    private readonly Motive[] _motives;
    private float[][]? _motiveVectors;

    /// <summary>Creates a generator over an embedding model (for example Persona4Rec.Onnx's local MiniLM).</summary>
    /// <param name="embeddings">The embedding generator; not disposed by this class.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public ReviewPersonaGenerator(IEmbeddingGenerator<string, Embedding<float>> embeddings, ReviewPersonaGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        _options = options ?? new ReviewPersonaGeneratorOptions();
        if (_options.MinPersonas < 1 || _options.MaxPersonas < _options.MinPersonas || _options.MaxPersonas > 64)
        {
            throw new ArgumentException($"MinPersonas ({_options.MinPersonas}) and MaxPersonas ({_options.MaxPersonas}) must satisfy 1 ≤ min ≤ max ≤ 64.", nameof(options));
        }

        if (_options.MaxSentencesPerItem < 2 || _options.MinSentenceWords < 1 || _options.RatingWeight is < 0 or >= 1)
        {
            throw new ArgumentException("MaxSentencesPerItem must be ≥ 2, MinSentenceWords ≥ 1 and RatingWeight in [0, 1).", nameof(options));
        }

        if (_options.MaxReviewsPerItem < 1 || _options.MaxReviewCharacters < 100)
        {
            throw new ArgumentException($"MaxReviewsPerItem ({_options.MaxReviewsPerItem}) must be ≥ 1 and MaxReviewCharacters ({_options.MaxReviewCharacters}) ≥ 100.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(_options.Schema, nameof(options));
        _motives = MotiveLexicon.For(_options.Schema);
        _embeddings = embeddings;
    }

    /// <inheritdoc/>
    public async Task<ItemPersonas> GenerateAsync(
        ItemInfo item,
        IReadOnlyList<Review> reviews,
        IProgress<PersonaGenerationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        GeneratorInput.Validate(item, reviews);
        string? summary = Summarize(item);
        List<ReviewSentence> sentences = SelectSentences(reviews);
        progress?.Report(new PersonaGenerationProgress(item.ItemId, "embedding", 0, 3));
        if (sentences.Count == 0)
        {
            // No review says enough to ground a persona: the item's summary stands in (the method's
            // persona for an item without reviews), or, without one, the item fails with its reason.
            return GeneratorInput.WithoutReviewPersonas(item, summary, $"none of its {reviews.Count} reviews has a sentence of {_options.MinSentenceWords} words or more");
        }

        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Passage } };
        GeneratedEmbeddings<Embedding<float>> embedded = await _embeddings
            .GenerateAsync(sentences.Select(s => s.Text), options, cancellationToken)
            .ConfigureAwait(false);
        if (embedded.Count != sentences.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {embedded.Count} vectors for {sentences.Count} sentences.");
        }

        float[][] vectors = embedded.Select(e => Unit(e.Vector.ToArray())).ToArray();
        progress?.Report(new PersonaGenerationProgress(item.ItemId, "clustering", 1, 3));
        int reviewCount = sentences.Select(s => s.ReviewId).Distinct(StringComparer.Ordinal).Count();
        int[] assignment = ChooseClusters(sentences, vectors, reviewCount, out int k);
        int[][] clusters = ReviewPersonaWriter.MergeNearDuplicates(sentences, vectors, Clusters(assignment, k));
        progress?.Report(new PersonaGenerationProgress(item.ItemId, "naming", 2, 3));
        IReadOnlyList<KeyPhrase>[] phrases = KeyPhrases.Top(clusters, sentences, item.Title, MaxPhraseCandidates);
        string[] phraseTexts = [.. phrases.SelectMany(p => p).Select(p => p.Text).Distinct(StringComparer.Ordinal)];
        float[][] motiveVectors = await MotiveVectorsAsync(cancellationToken).ConfigureAwait(false);
        float[][] phraseVectors = await EmbedAsync(phraseTexts, cancellationToken).ConfigureAwait(false);
        var input = new WriterInput(item.ItemId, sentences, vectors, phrases,
            phraseTexts.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => phraseVectors[p.i], StringComparer.Ordinal),
            _motives, motiveVectors, reviewCount, KeyPhrases.ItemWords(sentences));
        IReadOnlyList<Persona> personas = ReviewPersonaWriter.Write(input, clusters);
        progress?.Report(new PersonaGenerationProgress(item.ItemId, "done", 3, 3));
        return new ItemPersonas(item.ItemId, summary, personas);
    }

    /// <summary>Clusters as member lists, largest first (ties: first sentence first), so P1 is the largest group.</summary>
    private static int[][] Clusters(int[] assignment, int k) =>
        [.. Enumerable.Range(0, k)
            .Select(c => Enumerable.Range(0, assignment.Length).Where(i => assignment[i] == c).ToArray())
            .Where(members => members.Length > 0)
            .OrderByDescending(members => members.Length)
            .ThenBy(members => members[0])];

    private async Task<float[][]> EmbedAsync(string[] texts, CancellationToken cancellationToken)
    {
        if (texts.Length == 0)
        {
            return [];
        }

        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Passage } };
        GeneratedEmbeddings<Embedding<float>> embedded = await _embeddings.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        if (embedded.Count != texts.Length)
        {
            throw new InvalidOperationException($"The embedding generator returned {embedded.Count} vectors for {texts.Length} texts.");
        }

        return [.. embedded.Select(e => Unit(e.Vector.ToArray()))];
    }

    /// <summary>The motive probes' vectors, embedded once per generator (a race embeds them twice, harmlessly).</summary>
    private async Task<float[][]> MotiveVectorsAsync(CancellationToken cancellationToken) =>
        _motiveVectors ??= await EmbedAsync([.. _motives.Select(m => m.Probe)], cancellationToken).ConfigureAwait(false);

    private static string? Summarize(ItemInfo item)
    {
        string? firstSentence = item.Description is null ? null : SentenceSplitter.Split(item.Description, 3, 40).FirstOrDefault();
        string text = string.Join(" ", new[] { item.Title is null ? null : item.Title.TrimEnd('.') + ".", firstSentence }.Where(t => !string.IsNullOrWhiteSpace(t)));
        return text.Length == 0 ? null : text;
    }

    private List<ReviewSentence> SelectSentences(IReadOnlyList<Review> reviews)
    {
        // Past the limits, a representative subset of the reviews and the start of each long review
        // are read. A review is split only when the round-robin first reaches it, so the work is
        // bounded by the sentences kept, not by the size of the input.
        reviews = ReviewSampler.SelectRepresentative(reviews, _options.MaxReviewsPerItem);
        var perReview = new IEnumerator<string>?[reviews.Count];
        var exhausted = new bool[reviews.Count];
        var selected = new List<ReviewSentence>();
        try
        {
            bool any = true;
            while (any && selected.Count < _options.MaxSentencesPerItem)
            {
                any = false;
                for (int r = 0; r < reviews.Count && selected.Count < _options.MaxSentencesPerItem; r++)
                {
                    if (exhausted[r])
                    {
                        continue;
                    }

                    IEnumerator<string> sentences = perReview[r] ??= SentenceSplitter
                        .Split(TextLimits.Cut(reviews[r].Text, _options.MaxReviewCharacters), _options.MinSentenceWords, MaxSentenceWords)
                        .GetEnumerator();
                    exhausted[r] = !sentences.MoveNext();
                    if (!exhausted[r])
                    {
                        selected.Add(new ReviewSentence(reviews[r].ReviewId, reviews[r].Rating, sentences.Current));
                        any = true;
                    }
                }
            }
        }
        finally
        {
            foreach (IEnumerator<string>? sentences in perReview)
            {
                sentences?.Dispose();
            }
        }

        return selected;
    }

    /// <summary>Clusters with every k in range and keeps the best silhouette (the smaller k on a tie).</summary>
    private int[] ChooseClusters(List<ReviewSentence> sentences, float[][] vectors, int reviewCount, out int k)
    {
        int kMax = Math.Min(Math.Min(_options.MaxPersonas, reviewCount), Math.Max(1, sentences.Count / 2));
        if (reviewCount <= 1 || kMax <= 1)
        {
            k = 1;
            return new int[sentences.Count];
        }

        float[][] points = WithRating(sentences, vectors);
        int kMin = Math.Min(_options.MinPersonas, kMax);
        int[] best = [];
        double bestScore = double.NegativeInfinity;
        k = kMin;
        for (int candidate = kMin; candidate <= kMax; candidate++)
        {
            int[] assignment = SphericalKMeans.Cluster(points, candidate, _options.Seed + candidate);
            int used = assignment.Distinct().Count();
            if (used < candidate && best.Length > 0)
            {
                continue; // A cluster came out empty: this k adds nothing.
            }

            double score = SphericalKMeans.Silhouette(points, assignment, candidate);
            if (score > bestScore + 1e-9)
            {
                (best, bestScore, k) = (assignment, score, candidate);
            }
        }

        return Compact(best, ref k);
    }

    private float[][] WithRating(List<ReviewSentence> sentences, float[][] vectors)
    {
        float w = (float)_options.RatingWeight;
        float scale = MathF.Sqrt(1 - (w * w));
        return sentences.Select((s, i) =>
        {
            var point = new float[vectors[i].Length + 1];
            TensorPrimitives.Multiply(vectors[i], scale, point.AsSpan(0, vectors[i].Length));
            point[^1] = s.Rating is float rating ? w * Math.Clamp((rating - 3) / 2, -1, 1) : 0;
            return Unit(point);
        }).ToArray();
    }

    /// <summary>Renumbers clusters 0..k-1 in order of first appearance, dropping empty ones.</summary>
    private static int[] Compact(int[] assignment, ref int k)
    {
        var map = new Dictionary<int, int>();
        var result = new int[assignment.Length];
        for (int i = 0; i < assignment.Length; i++)
        {
            if (!map.TryGetValue(assignment[i], out int id))
            {
                id = map.Count;
                map[assignment[i]] = id;
            }

            result[i] = id;
        }

        k = map.Count;
        return result;
    }

    private static float[] Unit(float[] vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}

/// <summary>One sentence of one review.</summary>
internal sealed record ReviewSentence(string ReviewId, float? Rating, string Text);
