namespace Persona4Rec.Evaluation;

/// <summary>
/// Runs the leave-one-out evaluation of the method: for every evaluated user, each first stage
/// proposes candidates (the user's training and validation items excluded), and the rerankers
/// order them — the first stage's own order, the single-vector baseline, Persona4Rec's max over
/// personas, Persona4Rec fused with the first stage (reciprocal-rank fusion) and, when validation
/// first stages are given, the blend learned on validation (<see cref="RerankBlend"/>, the default
/// reranker). Each is scored by the test item's rank: HR, MRR and NDCG at every cut-off, with 95%
/// bootstrap intervals over users, warm/cold-user and head/tail-item segments at @10, and paired
/// differences. Everything is built from the split's training data by the caller; the profiles
/// here use training and validation interactions only, and the blend is fitted on validation
/// interactions only.
/// </summary>
/// <remarks>
/// With validation first stages there are two protocols: <see cref="StandardProtocol"/> (users with
/// three or more interactions; the blend fitted on all of their validation items) and
/// <see cref="CrossFittedProtocol"/> (also the users with exactly two interactions, when the split
/// holds them out; users are split in two halves, the blend for one half is fitted on the other
/// half's validation items, and the halves swap), so that no user's test figure comes from a blend
/// that saw any of that user's interactions.
/// </remarks>
public static partial class PersonaEvaluation
{
    /// <summary>The segment name for all evaluated users.</summary>
    public const string AllUsers = "all users";

    /// <summary>The reranker name of the first stage's own order.</summary>
    public const string FirstStageOrder = "first-stage order";

    /// <summary>The reranker name of the single-vector baseline.</summary>
    public const string SingleVector = "single vector";

    /// <summary>The reranker name of Persona4Rec.</summary>
    public const string Persona4Rec = "Persona4Rec";

    /// <summary>The reranker name of Persona4Rec fused with the first stage's order (<see cref="RankFusion.ReciprocalRank"/>, k = 60).</summary>
    public const string Fusion = "Persona4Rec + first stage (RRF)";

    /// <summary>The reranker name of the blend learned on validation (<see cref="RerankMode.Blend"/>), the default reranker.</summary>
    public const string Blend = "Persona4Rec blend (default)";

    /// <summary>The protocol of users with three or more interactions, the blend fitted on their validation items.</summary>
    public const string StandardProtocol = "leave-one-out";

    /// <summary>The protocol with users of two or more interactions and the blend cross-fitted by user.</summary>
    public const string CrossFittedProtocol = "cross-fitted by user";

    /// <summary>The suffix of a first stage combined with the persona search (<see cref="HybridCandidateSource"/>).</summary>
    public const string PersonaSearchSuffix = " + persona search";

    /// <summary>Runs the evaluation.</summary>
    /// <param name="split">The split; personas, indexes and first stages must come from its training part.</param>
    /// <param name="personaIndex">The persona index built from training reviews.</param>
    /// <param name="singleVectorIndex">The single-vector baseline built from training reviews.</param>
    /// <param name="encoder">The encoder for user interactions (the one that built the indexes).</param>
    /// <param name="firstStages">The first stages by name; they must exclude <see cref="LeaveOneOutSplit.ItemsBeforeTest"/>.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The split has no evaluated user, a reranker name is taken, or a validation first stage is missing.</exception>
    public static async Task<EvaluationReport> RunAsync(
        LeaveOneOutSplit split,
        PersonaIndex personaIndex,
        PersonaIndex singleVectorIndex,
        IPersonaEncoder encoder,
        IReadOnlyDictionary<string, ICandidateSource> firstStages,
        PersonaEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(personaIndex);
        ArgumentNullException.ThrowIfNull(singleVectorIndex);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(firstStages);
        options ??= new PersonaEvaluationOptions();
        Check(options, firstStages);
        string[] users = [.. split.Test.Keys.Order(StringComparer.Ordinal)];
        if (users.Length == 0)
        {
            throw new ArgumentException("The split has no evaluated users (each needs at least three interactions).", nameof(split));
        }

        bool blending = options.ValidationFirstStages is not null;
        string[] extra = blending ? [.. split.TestWithoutValidation.Keys.Order(StringComparer.Ordinal)] : [];
        var run = new Run(split, personaIndex, singleVectorIndex, options, [.. users, .. extra], users.Length);
        await run.EncodeAsync(encoder, cancellationToken).ConfigureAwait(false);

        var rows = new List<EvaluationRow>();
        var comparisons = new List<EvaluationComparison>();
        var blends = new List<EvaluationBlend>();
        foreach ((string name, ICandidateSource stage, ICandidateSource? validationStage) in Stages(run, firstStages, options))
        {
            Dictionary<string, int?[]> ranks = await run.RankAsync(stage, cancellationToken).ConfigureAwait(false);
            if (validationStage is not null)
            {
                BlendQuery[] queries = await run.ValidationQueriesAsync(validationStage, cancellationToken).ConfigureAwait(false);
                (int?[] standard, int?[] crossFitted) = run.Blend(name, queries, blends);
                Report(run, name, StandardProtocol, WithBlend(ranks, standard), rows, comparisons);
                Report(run, name, CrossFittedProtocol, WithBlend(ranks, crossFitted), rows, comparisons);
            }
            else
            {
                Report(run, name, StandardProtocol, ranks, rows, comparisons);
            }
        }

        return new EvaluationReport(rows, comparisons, run.MeanOnlineMicroseconds) { Blends = blends, OnlineLatency = run.Latency };
    }

    private static void Check(PersonaEvaluationOptions options, IReadOnlyDictionary<string, ICandidateSource> firstStages)
    {
        ArgumentNullException.ThrowIfNull(options.AdditionalIndexes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.PersonaSearchCount, nameof(options));
        if (!(options.SegmentShare > 0 && options.SegmentShare <= 0.5))
        {
            throw new ArgumentException($"PersonaEvaluationOptions.SegmentShare must be in (0, 0.5]; it is {options.SegmentShare}.", nameof(options));
        }
        if (options.AdditionalIndexes.Keys.FirstOrDefault(n => n is FirstStageOrder or SingleVector or Persona4Rec or Fusion or Blend) is { } taken)
        {
            throw new ArgumentException($"The additional index name '{taken}' is taken by a built-in reranker.", nameof(options));
        }

        if (options.ValidationFirstStages is { } validation && firstStages.Keys.FirstOrDefault(k => !validation.ContainsKey(k)) is { } missing)
        {
            throw new ArgumentException($"The first stage '{missing}' has no validation first stage in PersonaEvaluationOptions.ValidationFirstStages.", nameof(options));
        }
    }

    private static List<(string Name, ICandidateSource Stage, ICandidateSource? Validation)> Stages(
        Run run, IReadOnlyDictionary<string, ICandidateSource> firstStages, PersonaEvaluationOptions options)
    {
        List<(string Name, ICandidateSource Stage, ICandidateSource? Validation)> stages = [.. firstStages.Select(p => (p.Key, p.Value, options.ValidationFirstStages?[p.Key]))];
        if (options.ValidationFirstStages is { } validation && options.PersonaSearchCount > 0)
        {
            foreach ((string name, ICandidateSource stage) in firstStages)
            {
                stages.Add((
                    name + PersonaSearchSuffix,
                    new HybridCandidateSource(stage, run.PersonaIndex, run.TestVector, run.Split.ItemsBeforeTest, options.PersonaSearchCount),
                    new HybridCandidateSource(validation[name], run.PersonaIndex, run.ValidationVector, run.Split.ItemsBeforeValidation, options.PersonaSearchCount)));
            }
        }

        return stages;
    }

    private static Dictionary<string, int?[]> WithBlend(Dictionary<string, int?[]> ranks, int?[] blend) =>
        new(ranks) { [Blend] = blend };
}
