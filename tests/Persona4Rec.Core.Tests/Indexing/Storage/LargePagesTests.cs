using System.Globalization;
using Persona4Rec.Indexing.Storage;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary><see cref="LargePages"/>: a large vector block really gets 2 MB pages where Linux offers them.</summary>
public sealed class LargePagesTests
{
    private const string ThpSetting = "/sys/kernel/mm/transparent_hugepage/enabled";

    [Fact]
    public void Allocate_LargeBlock_IsBackedByHugePages()
    {
        string mode = ThpMode();
        Assert.SkipUnless(mode is "always" or "madvise", $"Transparent huge pages are '{mode}' here.");

        AlignedVectorBlock block = AlignedVectorBlock.Allocate(16 * LargePages.PageBytes / sizeof(float));
        block.Span.Fill(1f);

        long hugeKb = AnonHugePagesKb(block);
        Assert.True(hugeKb >= LargePages.PageBytes / 1024, $"The 32 MB block has {hugeKb} kB on huge pages.");
    }

    [Fact]
    public void Allocate_WithoutLargePages_StaysOnSmallPages()
    {
        string mode = ThpMode();
        Assert.SkipUnless(mode == "madvise", $"Only with transparent huge pages on 'madvise' does a block without the advice keep 4 KB pages; here '{mode}'.");

        AlignedVectorBlock block = AlignedVectorBlock.Allocate(16 * LargePages.PageBytes / sizeof(float), largePages: false);
        block.Span.Fill(1f);

        Assert.Equal(0, AnonHugePagesKb(block));
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

    /// <summary>Sums AnonHugePages over the mappings of /proc/self/smaps that overlap the block.</summary>
    private static long AnonHugePagesKb(AlignedVectorBlock block)
    {
        ulong start = block.Address;
        ulong end = start + ((ulong)block.Length * sizeof(float));
        long total = 0;
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash
                && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong from)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong to))
            {
                inside = from < end && to > start;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                total += long.Parse(line.AsSpan("AnonHugePages:".Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        GC.KeepAlive(block);
        return total;
    }
}
