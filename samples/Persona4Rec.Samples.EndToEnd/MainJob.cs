using System.Diagnostics;
using System.Globalization;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Samples.EndToEnd;

/// <summary>The review formats the main job reads.</summary>
internal enum ReviewFormat
{
    /// <summary>Amazon Reviews 2014 JSON lines.</summary>
    Amazon2014,

    /// <summary>Amazon Reviews 2023 JSON lines.</summary>
    Amazon2023,

    /// <summary>Yelp Open Dataset review.json.</summary>
    Yelp,
}

/// <summary>What the command line asked for.</summary>
internal sealed record MainJobSettings(FileInfo? Reviews, FileInfo? Meta, ReviewFormat Format, DirectoryInfo Output, int Examples);

/// <summary>The steps of the main job, each timed and shown with a progress bar or spinner.</summary>
internal sealed class MainJob(MainJobSettings settings)
{
    private readonly List<(string Step, TimeSpan Time)> _timings = [];

    private static string DemoReviews => Path.Combine(AppContext.BaseDirectory, "data", "demo-music-reviews.jsonl");

    private static string DemoMeta => Path.Combine(AppContext.BaseDirectory, "data", "demo-music-meta.jsonl");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException or IOException or OnnxModelException or PersonaIndexFormatException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]error:[/] {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]cancelled[/] (finished personas stay in the checkpoint; rerun with the same --out to resume).");
            return 130;
        }
    }

    private async Task<int> RunStepsAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        bool demo = settings.Reviews is null;
        string reviewPath = settings.Reviews?.FullName ?? DemoReviews;
        string outputFolder = Directory.CreateDirectory(settings.Output.FullName).FullName;

        ReviewFileResult data = Timed("read reviews", () => settings.Format switch
        {
            ReviewFormat.Amazon2023 => ReviewFileReader.ReadAmazon2023(reviewPath),
            ReviewFormat.Yelp => ReviewFileReader.ReadYelp(reviewPath),
            _ => ReviewFileReader.ReadAmazon2014(reviewPath),
        });
        string? metaPath = settings.Meta?.FullName ?? (demo ? DemoMeta : null);
        Dictionary<string, ItemInfo> itemInfo = metaPath is null ? [] : Timed("read item metadata", () => ReadMetadata(metaPath));
        var split = LeaveOneOutSplit.Create(data.Reviews);
        int itemCount = data.Reviews.Select(r => r.ItemId).Distinct(StringComparer.Ordinal).Count();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{Path.GetFileName(reviewPath)}[/]{(demo ? " (bundled demo data)" : "")}: {data.Reviews.Count:N0} reviews of {itemCount:N0} items, {data.BadLines.Count} bad lines; {split.Test.Count:N0} users with at least {LeaveOneOutSplit.MinInteractions} reviews are evaluated, {split.Train.Count:N0} reviews train.");
        foreach (BadLine bad in data.BadLines.Take(5))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]line {bad.LineNumber}:[/] {bad.Reason}");
        }

        if (split.Test.Count == 0)
        {
            throw new InvalidDataException($"'{reviewPath}' has no user with {LeaveOneOutSplit.MinInteractions} or more reviews, so there is nothing to evaluate.");
        }

        using var embeddings = Timed("load the encoder", () => new OnnxEmbeddingGenerator());
        var encoder = new EmbeddingPersonaEncoder(embeddings);

        // Offline: personas from training reviews only (a test review must never reach a persona).
        var catalogue = split.Train.GroupBy(r => r.ItemId, StringComparer.Ordinal)
            .Select(g => new CatalogueItem(itemInfo.GetValueOrDefault(g.Key) ?? ItemInfo.FromId(g.Key), [.. g]))
            .ToList();
        string checkpoint = Path.Combine(outputFolder, "personas.jsonl");
        PersonaPipelineSummary generation = await TimedProgressAsync("generate personas (LLM-free)", catalogue.Count, async task =>
        {
            var pipeline = new PersonaPipeline(new ReviewPersonaGenerator(embeddings), new PersonaPipelineOptions
            {
                CheckpointPath = checkpoint,
                MaxConcurrency = 1,
                GeneratorVersion = "review-derived-v1",
            });
            return await pipeline.RunAsync(catalogue, new SyncProgress<PersonaPipelineProgress>(p => task.Value = p.Generated + p.Skipped + p.Failed), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var wanted = catalogue.Select(c => c.Item.ItemId).ToHashSet(StringComparer.Ordinal);
        ItemPersonas[] items = [.. PersonaPipeline.ReadCheckpoint(checkpoint).Where(i => wanted.Contains(i.ItemId) && i.Personas.Count > 0)];
        string indexPath = Path.Combine(outputFolder, "personas.p4r");
        PersonaIndex index = await TimedProgressAsync("encode personas, write the index", items.Length, async task =>
        {
            var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
            foreach (ItemPersonas item in items)
            {
                builder.Add(item, await encoder.EncodePersonasAsync([.. item.Personas.Select(p => new PersonaText(p, item.Summary))], cancellationToken).ConfigureAwait(false));
                task.Increment(1);
            }

            builder.Build().Save(indexPath);
            return PersonaIndex.Load(indexPath); // What a host application does.
        }).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Personas: {generation.Generated} items generated, {generation.Skipped} from the checkpoint, {generation.Failed} failed. Index: {index.ItemCount:N0} items, {index.PersonaCount:N0} personas ({(double)index.PersonaCount / Math.Max(1, index.ItemCount):F1} per item), {new FileInfo(indexPath).Length:N0} bytes.");

        PersonaIndex single = await TimedSpinnerAsync("single-vector baseline", () => SingleVectorBaseline.BuildAsync(encoder, split.Train, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var firstStages = Timed("train first stages (popularity, BPR-MF)", () => new Dictionary<string, ICandidateSource>
        {
            ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest),
            ["BPR-MF"] = new BprMfCandidateSource(split.Train, split.ItemsBeforeTest),
        });
        EvaluationReport report = await TimedSpinnerAsync("evaluate (leave-one-out)", () => PersonaEvaluation.RunAsync(split, index, single, encoder, firstStages, cancellationToken: cancellationToken)).ConfigureAwait(false);
        ConsoleReport.Metrics(report);

        IReadOnlyList<ExampleUser> exampleUsers = await TimedSpinnerAsync("explain example users", () => Examples.BuildAsync(split, index, encoder, firstStages["BPR-MF"], settings.Examples, id => itemInfo.GetValueOrDefault(id)?.Title, cancellationToken)).ConfigureAwait(false);
        ConsoleReport.Examples(exampleUsers);

        string[] charts = Timed("draw charts", () => DrawCharts(report, outputFolder));
        total.Stop();
        string reportPath = Path.Combine(outputFolder, "report.md");
        var run = new RunFacts(reviewPath, demo, data, split, itemCount, generation, index, indexPath, _timings, total.Elapsed, charts);
        await File.WriteAllTextAsync(reportPath, MarkdownReport.Write(run, report, exampleUsers), cancellationToken).ConfigureAwait(false);
        ConsoleReport.Timings(_timings, total.Elapsed);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Report: [link]{reportPath}[/] (charts: {string.Join(", ", charts)}).");
        return 0;
    }

    private Dictionary<string, ItemInfo> ReadMetadata(string path)
    {
        ItemMetadataResult result = settings.Format switch
        {
            ReviewFormat.Amazon2023 => ItemMetadataReader.ReadAmazon2023(path),
            ReviewFormat.Yelp => ItemMetadataReader.ReadYelpBusiness(path),
            _ => ItemMetadataReader.ReadAmazon2014(path),
        };
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{Path.GetFileName(path)}[/]: metadata of {result.Items.Count:N0} items, {result.BadLines.Count} bad lines.");
        foreach (BadLine bad in result.BadLines.Take(5))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]line {bad.LineNumber}:[/] {bad.Reason}");
        }

        return result.Items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
    }

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
        T result = await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(step, maxValue: Math.Max(1, count));
                T value = await run(task).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return value;
            }).ConfigureAwait(false);
        _timings.Add((step, clock.Elapsed));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]done[/] {step} ({clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        return result;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (Spectre's task values are thread-safe).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
