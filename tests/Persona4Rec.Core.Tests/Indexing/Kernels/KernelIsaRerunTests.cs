using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// Re-runs the Category=Kernel tests in a child process with parts of the instruction set
/// switched off, so that the Vector256, Vector128 and scalar paths are exercised on a machine
/// whose best tier is Vector512 (the ImageSharp FeatureTestRunner approach).
/// </summary>
public sealed class KernelIsaRerunTests
{
    [Theory]
    [InlineData("DOTNET_EnableAVX512")] // .NET 10 groups AVX-512 under one switch; DOTNET_EnableAVX512F is no longer honoured
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public async Task KernelTests_WithInstructionSetDisabled_Pass(string switchName)
    {
        string assembly = typeof(KernelIsaRerunTests).Assembly.Location;
        string appHost = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        var start = File.Exists(appHost)
            ? new ProcessStartInfo(appHost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { "exec", assembly } };
        foreach (string argument in new[] { "-trait", "Category=Kernel", "-noColor" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[switchName] = "0";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The kernel tests with {switchName}=0 did not finish within 5 minutes.");
        }

        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"Kernel tests with {switchName}=0 exited with {process.ExitCode}:\n{output}");
        Match summary = Regex.Match(output, @"Total: (\d+), Errors: 0, Failed: 0");
        Assert.True(summary.Success && int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) > 0, $"No passing kernel test run was reported with {switchName}=0:\n{output}");
    }
}
