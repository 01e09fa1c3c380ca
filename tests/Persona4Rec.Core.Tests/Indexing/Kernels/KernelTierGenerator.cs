using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// Expands the kernel templates (src/Persona4Rec.Core/Indexing/Kernels/Templates/*.VectorN.cs.template)
/// into the per-width tier files. C# on .NET 10 cannot write one method generic over the vector
/// width (<c>ISimdVector&lt;TSelf, T&gt;</c> is not public), so each operator is written once as a
/// template with <c>{{Name}}</c> tokens and the Vector512/256/128 files are generated from it.
/// </summary>
internal static partial class KernelTierGenerator
{
    /// <summary>The float tiers: one token set for the <c>Vector{N}</c> families.</summary>
    private static readonly Dictionary<int, Dictionary<string, string>> FloatTiers = new()
    {
        [512] = new() { ["N"] = "512", ["W"] = "16", ["Tier"] = "Vector512" },
        [256] = new() { ["N"] = "256", ["W"] = "8", ["Tier"] = "Vector256" },
        [128] = new() { ["N"] = "128", ["W"] = "4", ["Tier"] = "Vector128" },
    };

    /// <summary>The int8 tiers use x86 instructions (widening load, multiply-add of adjacent pairs) that differ in name per width.</summary>
    private static readonly Dictionary<int, Dictionary<string, string>> Int8Tiers = new()
    {
        [512] = new() { ["N"] = "512", ["W"] = "32", ["Tier"] = "AVX-512BW", ["Isa"] = "Avx512BW", ["AddIsa"] = "Avx512F", ["MaddIsa"] = "Avx512BW", ["Half"] = "Vector256", ["HalfToFull"] = string.Empty },
        [256] = new() { ["N"] = "256", ["W"] = "16", ["Tier"] = "AVX2", ["Isa"] = "Avx2", ["AddIsa"] = "Avx2", ["MaddIsa"] = "Avx2", ["Half"] = "Vector128", ["HalfToFull"] = string.Empty },
        [128] = new() { ["N"] = "128", ["W"] = "8", ["Tier"] = "SSE4.1", ["Isa"] = "Sse41", ["AddIsa"] = "Sse2", ["MaddIsa"] = "Sse2", ["Half"] = "Vector64", ["HalfToFull"] = ".ToVector128Unsafe()" },
    };

    /// <summary>The kernel families with a template, each generated at every width in <see cref="Widths"/>.</summary>
    public static IReadOnlyList<string> Families { get; } = ["DotRowsKernel", "HalfDotRowsKernel", "Int8DotRowsKernel", "MultiQueryDotRowsKernel"];

    public static IReadOnlyList<int> Widths { get; } = [512, 256, 128];

    public static string KernelsDirectory { get; } = Path.Combine(
        typeof(KernelTierGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "src", "Persona4Rec.Core", "Indexing", "Kernels");

    public static string TemplatePath(string family) => Path.Combine(KernelsDirectory, "Templates", family + ".VectorN.cs.template");

    public static string TierPath(string family, int width) => Path.Combine(KernelsDirectory, $"{family}.Vector{width}.cs");

    /// <summary>The text the tier file of <paramref name="family"/> at <paramref name="width"/> bits must hold.</summary>
    public static string Generate(string family, int width)
    {
        Dictionary<string, string> tokens = (family == "Int8DotRowsKernel" ? Int8Tiers : FloatTiers)[width];
        return Expand(File.ReadAllText(TemplatePath(family)), tokens);
    }

    /// <summary>Replaces every <c>{{Name}}</c>; a token without a value is an error, not left in the output.</summary>
    /// <exception cref="InvalidOperationException">The template uses a token that <paramref name="tokens"/> does not define.</exception>
    public static string Expand(string template, IReadOnlyDictionary<string, string> tokens) =>
        Token().Replace(template, match => tokens.TryGetValue(match.Groups[1].Value, out string? value)
            ? value
            : throw new InvalidOperationException($"The template uses {{{{{match.Groups[1].Value}}}}}, which has no value for this tier."));

    /// <summary>The first line where two texts differ, for a failure message a reader can act on.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string left = i < e.Length ? e[i] : "<end of file>";
            string right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
            {
                return new StringBuilder().Append("line ").Append(i + 1).Append(":\n  template gives: ").Append(left.TrimEnd('\r'))
                    .Append("\n  file has:       ").Append(right.TrimEnd('\r')).ToString();
            }
        }

        return "no difference";
    }

    [GeneratedRegex(@"\{\{([A-Za-z]+)\}\}")]
    private static partial Regex Token();
}
