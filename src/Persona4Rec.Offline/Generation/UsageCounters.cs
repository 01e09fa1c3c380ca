using Microsoft.Extensions.AI;

namespace Persona4Rec.Offline.Generation;

/// <summary>The thread-safe tallies behind <see cref="LlmUsage"/>, mirrored to the <c>persona4rec.llm.*</c> counters.</summary>
internal sealed class UsageCounters
{
    private long _calls;
    private long _requests;
    private long _transientRetries;
    private long _repairs;
    private long _lengthRetries;
    private long _trimmed;
    private long _dropped;
    private long _inputTokens;
    private long _outputTokens;

    public void Call() => Interlocked.Increment(ref _calls);

    public void Request() => Add(ref _requests, 1, "request");

    public void TransientRetry() => Add(ref _transientRetries, 1, "transient_retry");

    public void Repair() => Add(ref _repairs, 1, "repair");

    public void LengthRetry() => Add(ref _lengthRetries, 1, "length_retry");

    public void Trimmed(int personas) => Add(ref _trimmed, personas, "trimmed_persona");

    public void Dropped(int personas) => Add(ref _dropped, personas, "dropped_persona");

    public static void JsonModeFallback() =>
        Persona4RecTelemetry.LlmEventCount.Add(1, new KeyValuePair<string, object?>(Persona4RecTelemetry.LlmEventTag, "json_mode_fallback"));

    public void Tokens(UsageDetails? usage)
    {
        if (usage?.InputTokenCount is long input and > 0)
        {
            Interlocked.Add(ref _inputTokens, input);
            Persona4RecTelemetry.LlmTokenCount.Add(input, new KeyValuePair<string, object?>(Persona4RecTelemetry.TokenTypeTag, "input"));
        }

        if (usage?.OutputTokenCount is long output and > 0)
        {
            Interlocked.Add(ref _outputTokens, output);
            Persona4RecTelemetry.LlmTokenCount.Add(output, new KeyValuePair<string, object?>(Persona4RecTelemetry.TokenTypeTag, "output"));
        }
    }

    public LlmUsage Snapshot(bool jsonMode) => new()
    {
        Calls = Interlocked.Read(ref _calls),
        Requests = Interlocked.Read(ref _requests),
        TransientRetries = Interlocked.Read(ref _transientRetries),
        Repairs = Interlocked.Read(ref _repairs),
        LengthRetries = Interlocked.Read(ref _lengthRetries),
        TrimmedPersonas = Interlocked.Read(ref _trimmed),
        DroppedPersonas = Interlocked.Read(ref _dropped),
        InputTokens = Interlocked.Read(ref _inputTokens),
        OutputTokens = Interlocked.Read(ref _outputTokens),
        JsonModeFallback = jsonMode,
    };

    private static void Add(ref long field, long count, string name)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref field, count);
        Persona4RecTelemetry.LlmEventCount.Add(count, new KeyValuePair<string, object?>(Persona4RecTelemetry.LlmEventTag, name));
    }
}
