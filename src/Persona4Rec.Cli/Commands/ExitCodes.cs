using System.Globalization;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary>
/// The tool's exit codes (docs/cli.md): 0 success; 1 invalid arguments or unusable input (one
/// line on the console says what, also for an LLM server that refuses the key, permission or model); 2 finished, but some items failed (personas); 130 cancelled.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 1;
    public const int PartialFailure = 2;
    public const int Cancelled = 130;

    /// <summary>The message on one line, without the "(Parameter 'options')" tail of an <see cref="ArgumentException"/>, cut at 1,000 characters.</summary>
    private static string OneLine(Exception e)
    {
        string message = e is ArgumentException { ParamName: { } name } && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? e.Message[..^$" (Parameter '{name}')".Length]
            : e.Message;
        return OneLine(message, 1000);
    }

    /// <summary><paramref name="text"/> with every run of white space (line breaks included) made one space, cut at <paramref name="max"/> characters.</summary>
    internal static string OneLine(string text, int max)
    {
        string line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..max] + " …";
    }

    /// <summary>Runs a command body, turning the errors a user can fix into one clear line instead of a stack trace.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException
            or IOException or OnnxModelException or PersonaIndexFormatException or RerankBlendFormatException or ArgumentException or InvalidOperationException or HttpRequestException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]error:[/] {OneLine(e)}");
            return InvalidInput;
        }
        catch (LlmAccessException e)
        {
            // Stops the run at the first refused call: nothing is recorded, the checkpoint is as it was.
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[red]error:[/] {e.Message} (The key comes from {Llm.ChatClients.ApiKeyVariable} or OPENAI_API_KEY, the address from --endpoint, the model from --model; nothing was written to the checkpoint.)");
            return InvalidInput;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]cancelled[/] (finished personas stay in the checkpoint; rerun to resume).");
            return Cancelled;
        }
    }
}
