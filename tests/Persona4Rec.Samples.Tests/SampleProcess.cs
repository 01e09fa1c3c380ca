using System.Diagnostics;
using System.Reflection;

namespace Persona4Rec.Samples.Tests;

/// <summary>Runs a sample's (or the tool's) built output as a child process (<c>dotnet Sample.dll args</c>) and captures what it prints.</summary>
internal static class SampleProcess
{
    public sealed record Result(int ExitCode, string Output);

    private static string Metadata(string key) =>
        typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string OutputFolder(string sample) =>
        Path.Combine(RepositoryRoot, "samples", sample, "bin", Metadata("Configuration"), "net10.0");

    /// <summary>The persona4rec tool's built output.</summary>
    public static string ToolDll => Path.Combine(RepositoryRoot, "src", "Persona4Rec.Cli", "bin", Metadata("Configuration"), "net10.0", "persona4rec.dll");

    public static Task<Result> RunAsync(string sample, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunDllAsync(Path.Combine(OutputFolder(sample), sample + ".dll"), arguments, timeout, cancellationToken);

    public static Task<Result> RunDllAsync(string dll, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Assert.True(File.Exists(dll), $"The program was not built: {dll} is missing.");
        return RunExecutableAsync("dotnet", [dll, .. arguments], timeout, cancellationToken, environment: environment);
    }

    public static async Task<Result> RunExecutableAsync(
        string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
