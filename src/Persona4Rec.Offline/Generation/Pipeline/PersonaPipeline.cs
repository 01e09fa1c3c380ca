using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Persona4Rec.Offline.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Persona4Rec.Offline.Generation.Pipeline;
using Persona4Rec.Telemetry;
using Polly;

namespace Persona4Rec.Offline;

/// <summary>
/// Runs an <see cref="IPersonaGenerator"/> over a whole catalogue, resumably. Each finished item is
/// appended to a JSON-lines checkpoint keyed by item id and a hash of its inputs (metadata,
/// reviews and <see cref="PersonaPipelineOptions.GeneratorVersion"/>): a killed or cancelled run
/// continues where it stopped with nothing lost or duplicated, and items whose inputs did not
/// change are not generated again. Items run with bounded concurrency; transient errors are retried
/// with exponential backoff (Polly); an item that still fails is recorded with its reason and the
/// run goes on.
/// </summary>
/// <remarks>Not for concurrent runs on the same checkpoint file (the file is opened exclusively for writing).</remarks>
public sealed class PersonaPipeline
{
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);
    private readonly IPersonaGenerator _generator;
    private readonly PersonaPipelineOptions _options;
    private readonly ResiliencePipeline _resilience;
    private readonly ILogger _logger;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="generator">The persona generator (LLM or LLM-free).</param>
    /// <param name="options">Settings; <see cref="PersonaPipelineOptions.CheckpointPath"/> is required.</param>
    /// <param name="timeProvider">The clock for backoff and timeouts, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">Receives start, per-item failure and completion messages (item ids and counts, never text), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public PersonaPipeline(IPersonaGenerator generator, PersonaPipelineOptions options, TimeProvider? timeProvider = null, ILogger<PersonaPipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.CheckpointPath))
        {
            throw new ArgumentException("CheckpointPath is required.", nameof(options));
        }

        if (options.MaxConcurrency < 1 || options.MaxTransientRetries < 0)
        {
            throw new ArgumentException($"MaxConcurrency ({options.MaxConcurrency}) must be ≥ 1 and MaxTransientRetries ({options.MaxTransientRetries}) ≥ 0.", nameof(options));
        }

        _generator = generator;
        _options = options;
        _resilience = TransientFaults.Create(options.MaxTransientRetries, options.InitialBackoff, options.ItemTimeout, timeProvider);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Generates personas for every item not yet in the checkpoint with the same inputs.</summary>
    /// <param name="catalogue">The items; each id at most once.</param>
    /// <param name="progress">Receives progress after each item, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run; finished items stay in the checkpoint.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="ArgumentException">An item id appears twice.</exception>
    /// <exception cref="InvalidDataException">The checkpoint file has a malformed line (other than a torn last line); the message names it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<PersonaPipelineSummary> RunAsync(
        IEnumerable<CatalogueItem> catalogue,
        IProgress<PersonaPipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        List<CatalogueItem> items = [.. catalogue];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (CatalogueItem item in items)
        {
            if (!ids.Add(item.Item.ItemId))
            {
                throw new ArgumentException($"Item '{item.Item.ItemId}' appears twice in the catalogue.", nameof(catalogue));
            }
        }

        bool checkpointExisted = File.Exists(_options.CheckpointPath);
        using PersonaCheckpoint checkpoint = PersonaCheckpoint.Open(_options.CheckpointPath);
        int generated = 0, skipped = 0;
        var failures = new List<PersonaFailure>();
        var pending = new List<(CatalogueItem Item, string Hash)>();
        foreach (CatalogueItem item in items)
        {
            string hash = InputHash(item);
            if (checkpoint.Entries.TryGetValue(item.Item.ItemId, out CheckpointEntry? entry) && entry.Status == CheckpointEntry.Done && entry.InputHash == hash)
            {
                skipped++;
            }
            else
            {
                pending.Add((item, hash));
            }
        }

        long started = Stopwatch.GetTimestamp();
        Log.GenerationStarted(_logger, items.Count, pending.Count, skipped, _options.CheckpointPath);
        Persona4RecTelemetry.GeneratedItems.Add(skipped, new KeyValuePair<string, object?>(Persona4RecTelemetry.OutcomeTag, "skipped"));
        progress?.Report(new PersonaPipelineProgress(0, skipped, 0, items.Count, null));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken };
        try
        {
            // The first item runs alone: a wrong key, model or address then costs one request and
            // stops the run (LlmAccessException) before the other items are sent.
            if (pending.Count > 0)
            {
                await GenerateOneAsync(pending[0], cancellationToken).ConfigureAwait(false);
            }

            await Parallel.ForEachAsync(pending.Skip(1), parallel, async (work, token) => await GenerateOneAsync(work, token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (LlmAccessException)
        {
            // Nothing was recorded for the refused call; a checkpoint this run created holds only its header and goes.
            bool empty = checkpoint.Entries.Count == 0;
            checkpoint.Dispose();
            if (!checkpointExisted && empty)
            {
                File.Delete(_options.CheckpointPath);
            }

            throw;
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log.GenerationCompleted(_logger, generated, skipped, failures.Count, seconds);
        return new PersonaPipelineSummary(generated, skipped, [.. failures.OrderBy(f => f.ItemId, StringComparer.Ordinal)]);

        async ValueTask GenerateOneAsync((CatalogueItem Item, string Hash) work, CancellationToken token)
        {
            CheckpointEntry entry;
            using Activity? activity = Persona4RecTelemetry.ActivitySource.StartActivity(Persona4RecTelemetry.GenerateItemActivity);
            activity?.SetTag("persona4rec.item_id", work.Item.Item.ItemId);
            try
            {
                ItemPersonas result = await _resilience.ExecuteAsync(
                    async t => await _generator.GenerateAsync(work.Item.Item, work.Item.Reviews, null, t).ConfigureAwait(false),
                    token).ConfigureAwait(false);
                entry = CheckpointEntry.From(result, work.Hash);
            }
            catch (Exception e) when (e is not LlmAccessException && (e is not OperationCanceledException || !token.IsCancellationRequested))
            {
                entry = new CheckpointEntry(work.Item.Item.ItemId, work.Hash, CheckpointEntry.FailedStatus, null, null, null, LlmPersonaGenerator.OneLine($"{e.GetType().Name}: {e.Message}", 2000));
                activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
                Log.GenerationItemFailed(_logger, work.Item.Item.ItemId, e.GetType().Name);
            }

            Persona4RecTelemetry.GeneratedItems.Add(1, new KeyValuePair<string, object?>(
                Persona4RecTelemetry.OutcomeTag, entry.Status == CheckpointEntry.Done ? "generated" : "failed"));

            await checkpoint.AppendAsync(entry, token).ConfigureAwait(false);
            lock (failures)
            {
                if (entry.Status == CheckpointEntry.Done)
                {
                    generated++;
                }
                else
                {
                    failures.Add(new PersonaFailure(entry.ItemId, entry.Error!));
                }

                progress?.Report(new PersonaPipelineProgress(generated, skipped, failures.Count, items.Count, entry.ItemId));
            }
        }
    }

    /// <summary>Reads the personas a checkpoint holds: the latest successful entry of every item.</summary>
    /// <param name="checkpointPath">The checkpoint file.</param>
    /// <returns>Item id → personas, in item-id order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line other than a torn last line is malformed; the message names it.</exception>
    public static IReadOnlyList<ItemPersonas> ReadCheckpoint(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        return PersonaCheckpoint.Read(checkpointPath).Values
            .Where(e => e.Status == CheckpointEntry.Done)
            .OrderBy(e => e.ItemId, StringComparer.Ordinal)
            .Select(e => e.ToItemPersonas())
            .ToArray();
    }

    private string InputHash(CatalogueItem item)
    {
        var canonical = new
        {
            version = _options.GeneratorVersion,
            item = item.Item,
            reviews = item.Reviews.Select(r => new { r.ReviewId, r.UserId, r.Rating, r.Title, r.Text, r.Timestamp }),
        };
        byte[] bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical, HashJson));
        return Convert.ToHexStringLower(XxHash128.Hash(bytes));
    }
}
