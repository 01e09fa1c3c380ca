using Persona4Rec.Cli.Reporting;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary>The offline steps shared by the personas, index and eval commands.</summary>
internal static class Offline
{
    /// <summary>Groups reviews into catalogue items, with metadata where known.</summary>
    public static List<CatalogueItem> Catalogue(IEnumerable<Review> reviews, IReadOnlyDictionary<string, ItemInfo> metadata) =>
        [.. reviews.GroupBy(r => r.ItemId, StringComparer.Ordinal)
            .Select(g => new CatalogueItem(metadata.GetValueOrDefault(g.Key) ?? ItemInfo.FromId(g.Key), [.. g]))];

    /// <summary>Runs the resumable pipeline, reporting progress to a Spectre task.</summary>
    /// <param name="status">Text shown after the description as items finish (for example requests and tokens so far), or <see langword="null"/>.</param>
    public static Task<PersonaPipelineSummary> GenerateAsync(
        IPersonaGenerator generator, string generatorVersion, int concurrency, IReadOnlyList<CatalogueItem> catalogue, string checkpoint, ProgressTask task, CancellationToken cancellationToken,
        Func<string>? status = null)
    {
        string description = task.Description;
        var pipeline = new PersonaPipeline(generator, new PersonaPipelineOptions
        {
            CheckpointPath = checkpoint,
            MaxConcurrency = concurrency,
            GeneratorVersion = generatorVersion,
        });
        return pipeline.RunAsync(catalogue, new SyncProgress<PersonaPipelineProgress>(p =>
        {
            task.Value = p.Generated + p.Skipped + p.Failed;
            if (status is not null)
            {
                task.Description = $"{description} {Markup.Escape(status())}";
            }
        }), cancellationToken);
    }

    /// <summary>Encodes every item's personas and writes the index file atomically; <paramref name="task"/> counts personas (<see cref="PersonaCount"/>).</summary>
    public static async Task BuildIndexAsync(IReadOnlyList<ItemPersonas> items, IPersonaEncoder encoder, string indexPath, ProgressTask task, CancellationToken cancellationToken)
    {
        var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
        foreach (ItemPersonas item in items)
        {
            builder.Add(item, await encoder.EncodePersonasAsync([.. item.Personas.Select(p => new PersonaText(p, item.Summary))], cancellationToken).ConfigureAwait(false));
            task.Increment(item.Personas.Count);
        }

        builder.Build().Save(indexPath);
    }

    /// <summary>The texts <see cref="BuildIndexAsync"/> encodes: its progress total.</summary>
    public static int PersonaCount(IReadOnlyList<ItemPersonas> items) => items.Sum(i => i.Personas.Count);

    /// <summary>Runs <paramref name="run"/> under a Spectre progress bar showing the rate in <paramref name="unit"/> a second and the time left.</summary>
    public static Task<T> WithProgressAsync<T>(string description, int count, string unit, Func<ProgressTask, Task<T>> run) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new ThroughputColumn(unit), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(description, maxValue: Math.Max(1, count));
                T value = await run(task).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return value;
            });
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (Spectre's task values are thread-safe).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
