namespace Persona4Rec.Evaluation;

/// <summary>
/// Learns a <see cref="RerankBlend"/> from validation queries: first a convex weight between the
/// first stage's rank and the candidates' rank by persona score on a grid (α = ½ is a Borda rank
/// fusion), then a linear model over all blend features
/// with a pairwise logistic loss (started from the convex weight). An inner cross-validation by
/// user chooses between the first stage alone, the convex blend and the pairwise model by
/// out-of-fold NDCG@10, and the first stage alone wins ties, so on data where the personas do not
/// help the blend keeps the first stage's order instead of hurting it. Deterministic.
/// </summary>
/// <remarks>Fit only on validation interactions: a test item must never reach a query.</remarks>
public static class RerankBlendFitter
{
    /// <summary>Fits a blend.</summary>
    /// <param name="queries">One query per validation user.</param>
    /// <param name="index">The persona index the scores came from (its encoder, template and dimension are recorded).</param>
    /// <param name="firstStage">The first stage's name, for the report.</param>
    /// <param name="itemPopularity">Training reviews per item (items absent count 0).</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <returns>The blend and how it was chosen.</returns>
    /// <exception cref="ArgumentException">There are no queries, or a query's lists differ in length or hold a non-finite score.</exception>
    public static RerankBlendFit Fit(
        IReadOnlyList<BlendQuery> queries,
        IPersonaIndex index,
        string firstStage,
        IReadOnlyDictionary<string, int> itemPopularity,
        RerankBlendFitterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(firstStage);
        ArgumentNullException.ThrowIfNull(itemPopularity);
        options ??= new RerankBlendFitterOptions();
        options.Validate();
        if (queries.Count == 0)
        {
            throw new ArgumentException("At least one validation query is needed to fit a blend.", nameof(queries));
        }

        FeatureSet data = FeatureSet.Build(queries, itemPopularity);
        int[] all = [.. Enumerable.Range(0, queries.Count)];
        (double alpha, (double, double)[] curve) = FitConvex(data, all, options);

        var outOfFold = new Dictionary<RerankBlendKind, double[]>
        {
            [RerankBlendKind.FirstStageOnly] = new double[queries.Count],
            [RerankBlendKind.Convex] = new double[queries.Count],
            [RerankBlendKind.Pairwise] = new double[queries.Count],
        };
        int[] fold = Folds(queries, options);
        for (int f = 0; f < options.Folds; f++)
        {
            int[] train = [.. all.Where(q => fold[q] != f)];
            int[] held = [.. all.Where(q => fold[q] == f)];
            if (train.Length == 0 || held.Length == 0)
            {
                continue;
            }

            double foldAlpha = FitConvex(data, train, options).Alpha;
            double[] pairwise = PairwiseLogistic.Fit(data, train, Convex(foldAlpha), options);
            foreach (int q in held)
            {
                outOfFold[RerankBlendKind.FirstStageOnly][q] = data.Ndcg(q, Convex(0));
                outOfFold[RerankBlendKind.Convex][q] = data.Ndcg(q, Convex(foldAlpha));
                outOfFold[RerankBlendKind.Pairwise][q] = data.Ndcg(q, pairwise);
            }
        }

        var crossValidated = outOfFold.ToDictionary(p => p.Key, p => p.Value.Average());
        double baseline = crossValidated[RerankBlendKind.FirstStageOnly];
        RerankBlendKind chosen = RerankBlendKind.FirstStageOnly;
        foreach (RerankBlendKind kind in new[] { RerankBlendKind.Convex, RerankBlendKind.Pairwise })
        {
            if (crossValidated[kind] > baseline + options.MinimumGain && crossValidated[kind] > crossValidated[chosen])
            {
                chosen = kind;
            }
        }

        double[] weights = chosen switch
        {
            RerankBlendKind.Convex => Convex(alpha),
            RerankBlendKind.Pairwise => PairwiseLogistic.Fit(data, all, Convex(alpha), options),
            _ => Convex(0),
        };
        if (chosen == RerankBlendKind.Convex && alpha == 0)
        {
            chosen = RerankBlendKind.FirstStageOnly;
        }

        var blend = new RerankBlend(chosen, weights, data.Means, data.Scales, firstStage, index, itemPopularity, queries.Count);
        return new RerankBlendFit(blend, alpha, curve, crossValidated, queries.Count, data.WithPositive);
    }

    /// <summary>Weights of the convex blend (1 − α) · first-stage rank + α · persona rank (both as −rank, standardised).</summary>
    internal static double[] Convex(double alpha)
    {
        var weights = new double[BlendFeatures.Count];
        weights[0] = 1 - alpha;
        weights[1] = alpha;
        return weights;
    }

    /// <summary>The grid point with the best mean NDCG@10 on <paramref name="queries"/>; ties go to the smaller α (closer to the first stage).</summary>
    private static (double Alpha, (double, double)[] Curve) FitConvex(FeatureSet data, int[] queries, RerankBlendFitterOptions options)
    {
        var curve = new (double, double)[options.GridSteps + 1];
        double bestAlpha = 0;
        double best = double.NegativeInfinity;
        for (int step = 0; step <= options.GridSteps; step++)
        {
            double alpha = (double)step / options.GridSteps;
            double[] weights = Convex(alpha);
            double ndcg = queries.Average(q => data.Ndcg(q, weights));
            curve[step] = (alpha, ndcg);
            if (ndcg > best + 1e-12)
            {
                best = ndcg;
                bestAlpha = alpha;
            }
        }

        return (bestAlpha, curve);
    }

    /// <summary>Fold of each query: users shuffled with the seed, then dealt round-robin; a user's queries share a fold.</summary>
    private static int[] Folds(IReadOnlyList<BlendQuery> queries, RerankBlendFitterOptions options)
    {
        string[] users = [.. queries.Select(q => q.UserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        new Random(options.Seed).Shuffle(users);
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < users.Length; i++)
        {
            foldOf[users[i]] = i % options.Folds;
        }

        return [.. queries.Select(q => foldOf[q.UserId])];
    }
}
