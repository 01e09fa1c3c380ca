using System.Globalization;
using Persona4Rec.Offline;

namespace Persona4Rec.Cli.Llm;

/// <summary>How the tool reports what an LLM run spent: requests, why there were more than one per call, tokens and, with prices, the cost.</summary>
internal static class UsageReport
{
    /// <summary>For the progress line: "· 42 requests, 3 retries, 12,345 tokens".</summary>
    public static string Short(LlmUsage usage) => string.Create(CultureInfo.InvariantCulture,
        $"· {usage.Requests:N0} requests, {usage.TransientRetries + usage.Repairs + usage.LengthRetries:N0} retries, {usage.InputTokens + usage.OutputTokens:N0} tokens");

    /// <summary>For the run's summary.</summary>
    public static string Long(LlmUsage usage, decimal? pricePerMillionInput, decimal? pricePerMillionOutput)
    {
        FormattableString text =
            $"LLM: {usage.Calls:N0} calls, {usage.Requests:N0} requests ({usage.TransientRetries:N0} retries after transient errors, {usage.Repairs:N0} re-asks for unusable answers, {usage.LengthRetries:N0} re-asks for cut answers); {usage.TrimmedPersonas:N0} personas trimmed (more than asked), {usage.DroppedPersonas:N0} dropped locally (invalid or near-duplicate); {usage.InputTokens:N0} input and {usage.OutputTokens:N0} output tokens";
        string line = text.ToString(CultureInfo.InvariantCulture);
        if (pricePerMillionInput is decimal input && pricePerMillionOutput is decimal output)
        {
            decimal cost = (usage.InputTokens * input + usage.OutputTokens * output) / 1_000_000m;
            line += string.Create(CultureInfo.InvariantCulture, $", about ${cost:0.####} at ${input}/${output} per million tokens");
        }

        return usage.JsonModeFallback ? line + "; the server refused JSON-schema output, so JSON mode with the schema in the prompt was used." : line + ".";
    }
}
