using System.Diagnostics;
using System.Reflection;

namespace Persona4Rec.Tests.Support;

/// <summary>
/// Runs tests/Persona4Rec.CrashHost from its own build output as a child process
/// (<c>dotnet Persona4Rec.CrashHost.dll folder</c>), reading its event lines as they come, and
/// kills it when asked to.
/// </summary>
internal static class CrashHostProcess
{
    private const string Name = "Persona4Rec.CrashHost";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    /// <summary>Gets the host's built assembly.</summary>
    public static string Assembly
    {
        get
        {
            string Metadata(string key) =>
                typeof(CrashHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
            return Path.Combine(Metadata("RepositoryRoot"), "tests", Name, "bin", Metadata("Configuration"), "net10.0", Name + ".dll");
        }
    }

    /// <summary>
    /// Runs the host over <paramref name="folder"/>. When <paramref name="killAfter"/> accepts a line,
    /// the process is killed (after <paramref name="killDelay"/>) instead of being left to finish.
    /// </summary>
    public static async Task<Result> RunAsync(string folder, Func<string, bool>? killAfter, TimeSpan killDelay, CancellationToken cancellationToken)
    {
        Assert.True(File.Exists(Assembly), $"The crash host was not built: {Assembly} is missing.");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Assembly, folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RunLimit);
        Task<string> errors = process.StandardError.ReadToEndAsync(deadline.Token);
        var lines = new List<string>();
        string? killedAfter = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                lines.Add(line);
                if (killAfter?.Invoke(line) == true)
                {
                    killedAfter = line;
                    await Task.Delay(killDelay, deadline.Token);
                    Kill(process);
                    break;
                }
            }

            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            Assert.Fail($"The crash host did not finish within {RunLimit}; its last line was '{lines.LastOrDefault()}'.");
        }

        // A process that finished before the kill landed counts as not killed.
        bool killed = killedAfter is not null && process.ExitCode != 0;
        return new Result(killed, process.ExitCode, lines, await errors, killedAfter);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }

    /// <summary>What one run did.</summary>
    /// <param name="Killed">Whether the run was killed before it finished.</param>
    /// <param name="ExitCode">The exit code (137 or similar when killed).</param>
    /// <param name="Lines">The event lines it printed.</param>
    /// <param name="Errors">What it wrote to standard error.</param>
    /// <param name="KilledAfter">The line after which the kill was sent, or <see langword="null"/>.</param>
    public sealed record Result(bool Killed, int ExitCode, IReadOnlyList<string> Lines, string Errors, string? KilledAfter);
}
