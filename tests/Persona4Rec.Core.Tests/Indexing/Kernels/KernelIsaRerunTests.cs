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
    /// <summary>The environment variable that tells the child's <see cref="DotRowsKernelTests.Runtime_HonoursIntrinsicSwitches_FromEnvironment"/> where to write the tiers it saw.</summary>
    internal const string TierReportVariable = "PERSONA4REC_TEST_TIER_REPORT";

    [Theory]
    // .NET 10 groups the AVX-512 subsets under one switch: DOTNET_EnableAVX512F=0 is ignored there
    // (Vector512 stays accelerated), DOTNET_EnableAVX512=0 turns the Vector512 tier off.
    [InlineData("DOTNET_EnableAVX512", 512)]
    [InlineData("DOTNET_EnableAVX2", 256)]
    [InlineData("DOTNET_EnableHWIntrinsic", 128)]
    public async Task KernelTests_WithInstructionSetDisabled_Pass(string switchName, int lowestTierOff)
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

        string report = Path.Combine(Path.GetTempPath(), $"persona4rec-tiers-{Guid.NewGuid():N}.txt");
        start.Environment[switchName] = "0";
        start.Environment[TierReportVariable] = report;
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
        AssertSwitchTookEffect(switchName, lowestTierOff, report);
    }

    /// <summary>
    /// Fails loudly when the switch changed nothing: every tier from <paramref name="lowestTierOff"/>
    /// up that this machine accelerates must be off in the child. A tier the machine lacks proves
    /// nothing either way and is not checked (the switch name is then only as good as its source).
    /// </summary>
    private static void AssertSwitchTookEffect(string switchName, int lowestTierOff, string reportPath)
    {
        Assert.True(File.Exists(reportPath), $"The child run with {switchName}=0 wrote no tier report, so the switch was not checked.");
        Dictionary<int, bool> child;
        try
        {
            child = File.ReadAllLines(reportPath)
                .Select(line => line.Split('='))
                .ToDictionary(parts => int.Parse(parts[0], CultureInfo.InvariantCulture), parts => bool.Parse(parts[1]));
        }
        finally
        {
            File.Delete(reportPath);
        }

        foreach ((int tier, bool machine) in MachineTiers())
        {
            if (tier >= lowestTierOff && machine)
            {
                Assert.False(child[tier], $"{switchName}=0 left Vector{tier} accelerated on a machine that has it: the switch had no effect.");
            }
            else if (tier < lowestTierOff)
            {
                Assert.Equal(machine, child[tier]);
            }
        }
    }

    /// <summary>The tiers as this process (no switches) sees them.</summary>
    internal static IEnumerable<(int Tier, bool Accelerated)> MachineTiers() =>
    [
        (128, System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated),
        (256, System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated),
        (512, System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated),
    ];
}
