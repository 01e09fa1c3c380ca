using System.Globalization;
using Persona4Rec.Cli.Reporting;
using Persona4Rec.Offline;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary>The offline steps shared by the personas, index and eval commands.</summary>
internal static class OfflineSteps
{
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

    /// <summary>
    /// The items an index can hold, said aloud when some cannot: an item without personas (from an
    /// older checkpoint or another generator) gets its summary persona when it has a summary; one
    /// with neither is left out and named.
    /// </summary>
    public static ItemPersonas[] Indexable(IEnumerable<ItemPersonas> items, string source)
    {
        var indexable = new List<ItemPersonas>();
        var leftOut = new List<string>();
        int stoodIn = 0;
        foreach (ItemPersonas item in items)
        {
            if (item.Personas.Count > 0)
            {
                indexable.Add(item);
            }
            else if (!string.IsNullOrWhiteSpace(item.Summary))
            {
                indexable.Add(item with { Personas = [Persona.FromSummary(item.ItemId, item.Summary)] });
                stoodIn++;
            }
            else
            {
                leftOut.Add(item.ItemId);
            }
        }

        if (stoodIn > 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{stoodIn:N0} items in {source} have no personas; each is indexed with its summary as its one persona.");
        }

        if (leftOut.Count > 0)
        {
            string named = string.Join(", ", leftOut.Take(5).Select(id => $"'{id}'")) + (leftOut.Count > 5 ? $" and {leftOut.Count - 5:N0} more" : "");
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]{leftOut.Count:N0} items in {source} have no personas and no summary and are left out of the index: {named}.[/]");
        }

        return [.. indexable];
    }

    /// <summary>Encodes every item's personas and writes the index file atomically; <paramref name="task"/> counts personas (<see cref="PersonaCount"/>).</summary>
    public static async Task BuildIndexAsync(IReadOnlyList<ItemPersonas> items, IPersonaEncoder encoder, string indexPath, ProgressTask task, CancellationToken cancellationToken)
    {
        PersonaIndexBuilder builder = PersonaIndexBuilder.For(encoder);
        foreach (ItemPersonas item in items)
        {
            await builder.AddAsync(item, encoder, cancellationToken).ConfigureAwait(false);
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
