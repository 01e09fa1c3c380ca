using System.Globalization;
using Persona4Rec.Indexing.Storage;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary><see cref="LargePages"/>: a large vector block really gets 2 MB pages where Linux offers them.</summary>
public sealed class LargePagesTests
{
    private const string ThpSetting = "/sys/kernel/mm/transparent_hugepage/enabled";

    // Whether the kernel then backs the block with 2 MB pages depends on the machine (free huge pages,
    // fragmentation, memory the GC had touched before): asserting AnonHugePages made these tests fail
    // on the same VM from one run to the next. What the library controls, and what is asserted, is that
    // the advice is given and the kernel recorded it on the block's mapping ("hg" in VmFlags).

    [Fact]
    public void Allocate_LargeBlock_IsAdvisedForHugePages()
    {
        string mode = ThpMode();
        Assert.SkipUnless(mode is "always" or "madvise", $"Transparent huge pages are '{mode}' here.");

        AlignedVectorBlock block = AlignedVectorBlock.Allocate(16 * LargePages.PageBytes / sizeof(float)); // the default

        Assert.True(block.LargePagesAdvised);
        Assert.Contains("hg", VmFlags(block.Address + (nuint)(8 * LargePages.PageBytes)).Split(' '));
        GC.KeepAlive(block);
    }

    [Fact]
    public void Allocate_WithoutLargePages_OrSmall_IsNotAdvised()
    {
        Assert.False(AlignedVectorBlock.Allocate(16 * LargePages.PageBytes / sizeof(float), largePages: false).LargePagesAdvised);
        Assert.False(AlignedVectorBlock.Allocate(1024).LargePagesAdvised);
    }

    [Fact]
    public void Advise_SmallBlock_IsLeftAlone()
    {
        Assert.False(LargePages.Advise(LargePages.PageBytes, LargePages.MinimumBytes - 1));
    }

    /// <summary>The selected mode in brackets, e.g. "madvise"; "absent" off Linux or without THP.</summary>
    private static string ThpMode()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(ThpSetting))
        {
            return "absent";
        }

        string text = File.ReadAllText(ThpSetting);
        int open = text.IndexOf('[', StringComparison.Ordinal);
        int close = text.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open ? text[(open + 1)..close] : "unknown";
    }

    /// <summary>The VmFlags line of the /proc/self/smaps mapping that holds <paramref name="address"/>.</summary>
    private static string VmFlags(nuint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash
                && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong from)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong to))
            {
                inside = from <= address && address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Trim();
            }
        }

        return "(no mapping holds the address)";
    }
}
