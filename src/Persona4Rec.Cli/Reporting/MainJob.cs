using System.Diagnostics;
using System.Globalization;
using Persona4Rec.Cli.Commands;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Reporting;

/// <summary>What the command line asked for.</summary>
/// <param name="Alignment">Also train the alignment layer and evaluate it as the reranker "Persona4Rec trained"; <see langword="null"/> to skip.</param>
public sealed record MainJobSettings(FileInfo? Reviews, FileInfo? Meta, ReviewFormat Format, DirectoryInfo Output, int Examples, AlignmentTrainerOptions? Alignment = null, bool Quantised = false);

/// <summary>The steps of the main job, each timed and shown with a progress bar or spinner.</summary>
public sealed class MainJob(MainJobSettings settings)
{
    private readonly List<(string Step, TimeSpan Time)> _timings = [];

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
        bool demo = settings.Reviews is null;
        string reviewPath = settings.Reviews?.FullName ?? DemoReviews;
        string outputFolder = Directory.CreateDirectory(settings.Output.FullName).FullName;

        ReviewFileResult data = Timed("read reviews", () => DataFiles.ReadReviews(reviewPath, settings.Format));
        string? metaPath = settings.Meta?.FullName ?? (demo ? DemoMeta : null);
        Dictionary<string, ItemInfo> itemInfo = metaPath is null ? [] : Timed("read item metadata", () => ReadMetadata(metaPath));
        var split = LeaveOneOutSplit.Create(data.Reviews);
        int itemCount = data.Reviews.Select(r => r.ItemId).Distinct(StringComparer.Ordinal).Count();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{Path.GetFileName(reviewPath)}[/]{(demo ? " (bundled demo data)" : "")}: {data.Reviews.Count:N0} reviews of {itemCount:N0} items, {data.BadLines.Count} bad lines; {split.Test.Count:N0} users with at least {LeaveOneOutSplit.MinInteractions} reviews are evaluated, {split.Train.Count:N0} reviews train.");
        DataFiles.ShowBadLines(data.BadLines);

        if (split.Test.Count == 0)
        {
            throw new InvalidDataException($"'{reviewPath}' has no user with {LeaveOneOutSplit.MinInteractions} or more reviews, so there is nothing to evaluate.");
        }

        using var embeddings = Timed("load the encoder", () => new OnnxEmbeddingGenerator());
        var encoder = new EmbeddingPersonaEncoder(embeddings);

        // Offline: personas from training reviews only (a test review must never reach a persona).
        List<CatalogueItem> catalogue = Offline.Catalogue(split.Train, itemInfo);
        string checkpoint = Path.Combine(outputFolder, "personas.jsonl");
        PersonaPipelineSummary generation = await TimedProgressAsync("generate personas (LLM-free)", catalogue.Count, task =>
            Offline.GenerateAsync(new ReviewPersonaGenerator(embeddings), "review-derived-v2", 1, catalogue, checkpoint, task, cancellationToken)).ConfigureAwait(false);

        var wanted = catalogue.Select(c => c.Item.ItemId).ToHashSet(StringComparer.Ordinal);
        ItemPersonas[] items = [.. PersonaPipeline.ReadCheckpoint(checkpoint).Where(i => wanted.Contains(i.ItemId) && i.Personas.Count > 0)];
        string indexPath = Path.Combine(outputFolder, "personas.p4r");
        PersonaIndex index = await TimedProgressAsync("encode personas, write the index", items.Length, async task =>
        {
            await Offline.BuildIndexAsync(items, encoder, indexPath, task, cancellationToken).ConfigureAwait(false);
            return PersonaIndex.Load(indexPath); // What a host application does.
        }).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Personas: {generation.Generated} items generated, {generation.Skipped} from the checkpoint, {generation.Failed} failed. Index: {index.ItemCount:N0} items, {index.PersonaCount:N0} personas ({(double)index.PersonaCount / Math.Max(1, index.ItemCount):F1} per item), {new FileInfo(indexPath).Length:N0} bytes.");

        PersonaIndex single = await TimedSpinnerAsync("single-vector baseline", () => SingleVectorBaseline.BuildAsync(encoder, split.Train, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var firstStages = Timed("train first stages (popularity, BPR-MF)", () => new Dictionary<string, ICandidateSource>
        {
            ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest),
            ["BPR-MF"] = new BprMfCandidateSource(split.Train, split.ItemsBeforeTest),
        });
        var evaluationOptions = new PersonaEvaluationOptions();
        string alignmentMarkdown = string.Empty;
        var additional = new Dictionary<string, PersonaIndex>();
        if (settings.Alignment is { } alignmentOptions)
        {
            var clock = Stopwatch.StartNew();
            (PersonaIndex aligned, alignmentMarkdown) = await AlignmentStep.RunAsync(split, index, encoder, alignmentOptions, outputFolder, cancellationToken).ConfigureAwait(false);
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

        IReadOnlyList<ExampleUser> exampleUsers = await TimedSpinnerAsync("explain example users", () => Examples.BuildAsync(split, index, encoder, firstStages["BPR-MF"], settings.Examples, id => itemInfo.GetValueOrDefault(id)?.Title, cancellationToken)).ConfigureAwait(false);
        ConsoleReport.Examples(exampleUsers);

        string[] charts = Timed("draw charts", () => DrawCharts(report, outputFolder));
        total.Stop();
        string reportPath = Path.Combine(outputFolder, "report.md");
        var run = new RunFacts(reviewPath, demo, data, split, itemCount, generation, index, indexPath, _timings, total.Elapsed, charts);
        await File.WriteAllTextAsync(reportPath, MarkdownReport.Write(run, report, exampleUsers) + alignmentMarkdown, cancellationToken).ConfigureAwait(false);
        ConsoleReport.Timings(_timings, total.Elapsed);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Report: [link]{reportPath}[/] (charts: {string.Join(", ", charts)}).");
        return 0;
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

    private async Task<T> TimedProgressAsync<T>(string step, int count, Func<ProgressTask, Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        T result = await Offline.WithProgressAsync(step, count, run).ConfigureAwait(false);
        _timings.Add((step, clock.Elapsed));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]done[/] {step} ({clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        return result;
    }
}
