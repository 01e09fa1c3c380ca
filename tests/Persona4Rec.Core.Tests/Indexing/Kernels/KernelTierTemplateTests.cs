namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// The per-width kernel files are generated from one template per operator
/// (<see cref="KernelTierGenerator"/>): a hand edit to one tier, or a template edit that was not
/// regenerated, fails here. To regenerate after editing a template, run this class with
/// <c>PERSONA4REC_WRITE_KERNEL_TIERS=1</c>, which writes the tier files instead of comparing.
/// </summary>
public sealed class KernelTierTemplateTests
{
    private const string WriteVariable = "PERSONA4REC_WRITE_KERNEL_TIERS";

    public static TheoryData<string, int> Tiers { get; } = Tiers_();

    [Theory]
    [MemberData(nameof(Tiers))]
    public void TierFile_MatchesItsTemplate(string family, int width)
    {
        string expected = KernelTierGenerator.Generate(family, width);
        string path = KernelTierGenerator.TierPath(family, width);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        string actual = File.ReadAllText(path);
        Assert.True(
            expected == actual,
            $"{Path.GetFileName(path)} differs from {Path.GetFileName(KernelTierGenerator.TemplatePath(family))} at {KernelTierGenerator.FirstDifference(expected, actual)}\n"
            + $"Edit the template, not the tier, then regenerate: {WriteVariable}=1 dotnet test --project tests/Persona4Rec.Core.Tests -- --filter-class '{typeof(KernelTierTemplateTests).FullName}'");
    }

    [Fact]
    public void KernelsDirectory_HoldsNoTierWithoutATemplate()
    {
        string[] tiers = Directory.GetFiles(KernelTierGenerator.KernelsDirectory, "*.Vector*.cs");
        string[] generated = [.. KernelTierGenerator.Families.SelectMany(f => KernelTierGenerator.Widths.Select(w => KernelTierGenerator.TierPath(f, w)))];
        Assert.Equal(generated.Order(StringComparer.Ordinal), tiers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Expand_TokenWithoutValue_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KernelTierGenerator.Expand("Vector{{N}} {{Lanes}}", new Dictionary<string, string> { ["N"] = "512" }));
        Assert.Contains("{{Lanes}}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_EveryToken_IsReplaced() =>
        Assert.Equal("Vector256<float> W = 8", KernelTierGenerator.Expand("Vector{{N}}<float> W = {{W}}", new Dictionary<string, string> { ["N"] = "256", ["W"] = "8" }));

    private static TheoryData<string, int> Tiers_()
    {
        var data = new TheoryData<string, int>();
        foreach (string family in KernelTierGenerator.Families)
        {
            foreach (int width in KernelTierGenerator.Widths)
            {
                data.Add(family, width);
            }
        }

        return data;
    }
}
