using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Persona4Rec.Cli.Commands;
using Persona4Rec.Evaluation;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Reporting;

/// <summary>What the command line asked for.</summary>
/// <param name="Alignment">Also train the alignment layer and evaluate it as the reranker "Persona4Rec trained"; <see langword="null"/> to skip.</param>
/// <param name="PersonaSearch">Candidates the persona search adds to each first stage in the hybrid first stages (0: none).</param>
/// <param name="Encoder">The local encoder's settings (execution provider); <see langword="null"/> for the defaults (CPU).</param>
public sealed record MainJobSettings(FileInfo? Reviews, FileInfo? Meta, ReviewFormat Format, DirectoryInfo Output, int Examples, AlignmentTrainerOptions? Alignment = null, bool Quantised = false, int PersonaSearch = MainJob.DefaultPersonaSearch, OnnxEmbeddingGeneratorOptions? Encoder = null);

/// <summary>The steps of the main job, each timed and shown with a progress bar or spinner.</summary>
public sealed class MainJob(MainJobSettings settings)
{
    private readonly List<(string Step, TimeSpan Time)> _timings = [];

    /// <summary>How many of the 20 candidates the persona search supplies in the hybrid first stages by default.</summary>
    public const int DefaultPersonaSearch = 5;

    /// <summary>The first stage whose blend is saved beside the index (<see cref="RerankBlend.PathFor"/>) and explains the examples.</summary>
    public const string DefaultFirstStage = "BPR-MF";

    /// <summary>The reranker name of the trained (aligned) index in the report.</summary>
    public const string TrainedReranker = "Persona4Rec trained";

    /// <summary>The reranker name of the int8 copy of the index (<c>--quantised</c>).</summary>
    public const string Int8Reranker = "Persona4Rec int8";

    /// <summary>The reranker name of the float16 copy of the index (<c>--quantised</c>).</summary>
    public const string Float16Reranker = "Persona4Rec float16";

    private static string DemoReviews => Path.Combine(AppContext.BaseDirectory, "data", "demo-music-reviews.jsonl");

    private static string DemoMeta => Path.Combine(AppContext.BaseDirectory, "data", "demo-music-meta.jsonl");

    public Task<int> RunAsync(CancellationToken cancellationToken) => ExitCodes.GuardAsync(() => RunStepsAsync(cancellationToken));

    private async Task<int> RunStepsAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        if (settings.Alignment is { } alignment)
        {
            // Bad --alignment-* values are refused now, not after minutes of work.
            _ = new AlignmentTrainer(alignment);
        }

        bool demo = settings.Reviews is null;
        string reviewPath = settings.Reviews?.FullName ?? DemoReviews;
        string outputFolder = Directory.CreateDirectory(settings.Output.FullName).FullName;

        ReviewFileResult data = Timed("read reviews", () => DataFiles.ReadReviews(reviewPath, settings.Format));
        string? metaPath = settings.Meta?.FullName ?? (demo ? DemoMeta : null);
        Dictionary<string, ItemInfo> itemInfo = metaPath is null ? [] : Timed("read item metadata", () => ReadMetadata(metaPath));
        // Users with two reviews are held out too (their last review reaches no persona and no first
        // stage), so that the cross-fitted protocol can evaluate them.
        var split = LeaveOneOutSplit.Create(data.Reviews, testUsersWithTwoInteractions: true);
        int itemCount = data.Reviews.Select(r => r.ItemId).Distinct(StringComparer.Ordinal).Count();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{Path.GetFileName(reviewPath)}[/]{(demo ? " (bundled demo data)" : "")}: {data.Reviews.Count:N0} reviews of {itemCount:N0} items, {data.BadLines.Count} bad lines; {split.Test.Count:N0} users with at least {LeaveOneOutSplit.MinInteractions} reviews are evaluated (and {split.TestWithoutValidation.Count:N0} with two in the cross-fitted protocol), {split.Train.Count:N0} reviews train.");
        DataFiles.ShowBadLines(data.BadLines);

        if (split.Test.Count == 0)
        {
            throw new InvalidDataException($"'{reviewPath}' has no user with {LeaveOneOutSplit.MinInteractions} or more reviews, so there is nothing to evaluate.");
        }

        OnnxEmbeddingGeneratorOptions encoderOptions = settings.Encoder ?? new OnnxEmbeddingGeneratorOptions();
        using var onnx = Timed("load the encoder", () => new OnnxEmbeddingGenerator(encoderOptions));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{EncoderOptions.Describe(onnx, encoderOptions)}");

        // Every text is encoded once across runs: a rerun with the same --out reads its vectors from the cache.
        IEmbeddingGenerator<string, Embedding<float>> embeddings = EmbeddingCache.Wrap(onnx, Path.Combine(outputFolder, EmbeddingCache.FolderName));
        var encoder = new EmbeddingPersonaEncoder(embeddings);
        if (settings.Alignment is { Rank: int alignmentRank } && alignmentRank > encoder.Dimension)
        {
            throw new ArgumentException($"--alignment-rank is {alignmentRank}; it must not exceed the encoder's dimension, {encoder.Dimension}.");
        }

        // Offline: personas from training reviews only (a test review must never reach a persona).
        IReadOnlyList<CatalogueItem> catalogue = CatalogueItem.FromReviews(split.Train, itemInfo);
        string checkpoint = Path.Combine(outputFolder, "personas.jsonl");
        PersonaPipelineSummary generation = await TimedProgressAsync("generate personas (LLM-free)", catalogue.Count, "items", task =>
            OfflineSteps.GenerateAsync(new ReviewPersonaGenerator(embeddings), "review-derived-v2", 1, catalogue, checkpoint, task, cancellationToken)).ConfigureAwait(false);

        var wanted = catalogue.Select(c => c.Item.ItemId).ToHashSet(StringComparer.Ordinal);
        ItemPersonas[] items = OfflineSteps.Indexable(PersonaPipeline.ReadCheckpoint(checkpoint).Where(i => wanted.Contains(i.ItemId)), checkpoint);
        string indexPath = Path.Combine(outputFolder, "personas.p4r");
        PersonaIndex index = await TimedProgressAsync("encode personas, write the index", OfflineSteps.PersonaCount(items), "texts", async task =>
        {
            await OfflineSteps.BuildIndexAsync(items, encoder, indexPath, task, cancellationToken).ConfigureAwait(false);
            return PersonaIndex.Load(indexPath); // What a host application does.
        }).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Personas: {generation.Generated} items generated, {generation.Skipped} from the checkpoint, {generation.Failed} failed. Index: {index.ItemCount:N0} items, {index.PersonaCount:N0} personas ({(double)index.PersonaCount / Math.Max(1, index.ItemCount):F1} per item), {new FileInfo(indexPath).Length:N0} bytes.");

        PersonaIndex single = await TimedSpinnerAsync("single-vector baseline", () => SingleVectorBaseline.BuildAsync(encoder, split.Train, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var firstStages = Timed("train first stages (popularity, BPR-MF)", () => FirstStages(split, split.ItemsBeforeTest));

        // The same models for fitting the blend on validation: only training items excluded, so the validation item can be proposed.
        var validationStages = Timed("train first stages for validation", () => FirstStages(split, split.ItemsBeforeValidation));
        var evaluationOptions = new PersonaEvaluationOptions { ValidationFirstStages = validationStages, PersonaSearchCount = settings.PersonaSearch };
        string alignmentMarkdown = string.Empty;
        var additional = new Dictionary<string, PersonaIndex>();
        if (settings.Alignment is { } alignmentOptions)
        {
            var clock = Stopwatch.StartNew();
            (PersonaIndex aligned, alignmentMarkdown) = await AlignmentStep.RunAsync(split, index, indexPath, encoder, alignmentOptions, outputFolder, cancellationToken).ConfigureAwait(false);
            _timings.Add(("train the alignment layer", clock.Elapsed));
            additional[TrainedReranker] = aligned;
        }

        if (settings.Quantised)
        {
            // Quantised copies without their float32 vectors: the accuracy cost of serving int8 or float16 alone.
            additional[Int8Reranker] = index.WithEncoding(VectorEncoding.Int8);
            additional[Float16Reranker] = index.WithEncoding(VectorEncoding.Float16);
        }

        evaluationOptions.AdditionalIndexes = additional;

        EvaluationReport report = await TimedSpinnerAsync("evaluate (leave-one-out)", () => PersonaEvaluation.RunAsync(split, index, single, encoder, firstStages, evaluationOptions, cancellationToken)).ConfigureAwait(false);
        ConsoleReport.Metrics(report);

        string resultsPath = Path.Combine(outputFolder, "results.json");
        await File.WriteAllTextAsync(resultsPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
        RerankBlend blend = Timed("save the blends, load the default", () => SaveBlends(report, index, indexPath, outputFolder));

        IReadOnlyList<ExampleUser> exampleUsers = await TimedSpinnerAsync("explain example users", () => Examples.BuildAsync(split, index, encoder, firstStages[DefaultFirstStage], blend, settings.Examples, id => itemInfo.GetValueOrDefault(id)?.Title, cancellationToken)).ConfigureAwait(false);
        ConsoleReport.Examples(exampleUsers);

        string[] charts = Timed("draw charts", () => DrawCharts(report, outputFolder));
        total.Stop();
        string reportPath = Path.Combine(outputFolder, "report.md");
        var run = new RunFacts(reviewPath, demo, data, split, itemCount, generation, index, indexPath, _timings, total.Elapsed, charts, blend);
        await File.WriteAllTextAsync(reportPath, MarkdownReport.Write(run, report, exampleUsers) + alignmentMarkdown, cancellationToken).ConfigureAwait(false);
        ConsoleReport.Timings(_timings, total.Elapsed);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Report: [link]{reportPath}[/] (charts: {string.Join(", ", charts)}); every figure: [link]{resultsPath}[/]; default blend: {RerankBlend.PathFor(indexPath)} ({blend.Kind}).");
        return 0;
    }

    private static Dictionary<string, ICandidateSource> FirstStages(LeaveOneOutSplit split, Func<string, IReadOnlySet<string>> excluded) => new()
    {
        ["popularity"] = new PopularityCandidateSource(split.Train, excluded),
        [DefaultFirstStage] = new BprMfCandidateSource(split.Train, excluded),
    };

    /// <summary>
    /// Saves each first stage's blend (fitted on all validation users) as blend-*.json, the default
    /// first stage's also beside the index, and loads that one back as a host would.
    /// </summary>
    private static RerankBlend SaveBlends(EvaluationReport report, PersonaIndex index, string indexPath, string folder)
    {
        foreach (EvaluationBlend b in report.Blends.Where(b => b.Protocol == PersonaEvaluation.StandardProtocol))
        {
            string slug = new([.. b.FirstStage.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);
            b.Fit.Blend.Save(Path.Combine(folder, $"blend-{slug}.json"));
        }

        RerankBlend chosen = report.Blends.Single(b => b.Protocol == PersonaEvaluation.StandardProtocol && b.FirstStage == DefaultFirstStage).Fit.Blend;
        string path = RerankBlend.PathFor(indexPath);
        chosen.Save(path);
        RerankBlend loaded = RerankBlend.Load(path);
        loaded.EnsureMatches(index);
        return loaded;
    }

    private Dictionary<string, ItemInfo> ReadMetadata(string path) => DataFiles.ReadMetadata(path, settings.Format);

    private static string[] DrawCharts(EvaluationReport report, string folder)
    {
        Charts.RerankerBars(report, "NDCG@10", Path.Combine(folder, "ndcg-at-10.png"));
        Charts.Cutoffs(report, Path.Combine(folder, "ndcg-by-cutoff.png"));
        Charts.Segments(report, "BPR-MF", Path.Combine(folder, "segments-bpr-mf.png"));
        return ["ndcg-at-10.png", "ndcg-by-cutoff.png", "segments-bpr-mf.png"];
    }

    private T Timed<T>(string step, Func<T> run)
    {
        var clock = Stopwatch.StartNew();
        T result = run();
        _timings.Add((step, clock.Elapsed));
        return result;
    }

    private async Task<T> TimedSpinnerAsync<T>(string step, Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        T result = await AnsiConsole.Status().StartAsync(step + " ...", _ => run()).ConfigureAwait(false);
        _timings.Add((step, clock.Elapsed));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]done[/] {step} ({clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        return result;
    }

    private async Task<T> TimedProgressAsync<T>(string step, int count, string unit, Func<ProgressTask, Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        T result = await OfflineSteps.WithProgressAsync(step, count, unit, run).ConfigureAwait(false);
        _timings.Add((step, clock.Elapsed));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]done[/] {step} ({clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        return result;
    }
}
