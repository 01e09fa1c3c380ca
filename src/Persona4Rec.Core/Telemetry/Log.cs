using Microsoft.Extensions.Logging;

namespace Persona4Rec.Telemetry;

/// <summary>
/// Every log message of the library, source-generated, with stable event ids (listed in
/// docs/telemetry.md). Messages carry ids, counts and exception types; review and persona text
/// is never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "GenerationStarted", Level = LogLevel.Information,
        Message = "Persona generation started: {Total} items, {Pending} to generate, {Skipped} already in the checkpoint {CheckpointPath}")]
    public static partial void GenerationStarted(ILogger logger, int total, int pending, int skipped, string checkpointPath);

    [LoggerMessage(EventId = 1002, EventName = "GenerationItemFailed", Level = LogLevel.Warning,
        Message = "Persona generation failed for item {ItemId} after retries ({ErrorType}); the run goes on and the failure is in the checkpoint")]
    public static partial void GenerationItemFailed(ILogger logger, string itemId, string errorType);

    [LoggerMessage(EventId = 1003, EventName = "GenerationCompleted", Level = LogLevel.Information,
        Message = "Persona generation completed: {Generated} generated, {Skipped} skipped, {Failed} failed in {ElapsedSeconds:F1} s")]
    public static partial void GenerationCompleted(ILogger logger, int generated, int skipped, int failed, double elapsedSeconds);

    [LoggerMessage(EventId = 2001, EventName = "IndexLoaded", Level = LogLevel.Information,
        Message = "Persona index loaded from {Path}: {Items} items, {Personas} personas, {Dimension}-d, encoder {EncoderModelId}, in {ElapsedMilliseconds:F0} ms")]
    public static partial void IndexLoaded(ILogger logger, string path, int items, int personas, int dimension, string encoderModelId, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2002, EventName = "IndexLoadFailed", Level = LogLevel.Error,
        Message = "Persona index {Path} could not be loaded")]
    public static partial void IndexLoadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3001, EventName = "UnknownCandidatesSkipped", Level = LogLevel.Debug,
        Message = "Rerank for user {UserId}: {Count} candidates are not in the index and were skipped")]
    public static partial void UnknownCandidatesSkipped(ILogger logger, string userId, int count);
}
