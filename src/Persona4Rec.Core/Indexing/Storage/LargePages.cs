using System.Runtime.InteropServices;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// Asks Linux to back a large vector block with 2 MB pages (transparent huge pages). The rerank
/// reads a few kilobytes at random places in a block of hundreds of megabytes: with 4 KB pages each
/// candidate's rows cross three or four pages, and the page-table entries for a block that size
/// are themselves cache misses, so every cold candidate pays page walks from DRAM on top of its
/// rows. With 2 MB pages a 1 GB block needs 512 translations, which stay in the TLB.
/// </summary>
/// <remarks>
/// Many distributions set transparent huge pages to <c>madvise</c>: only regions that ask get them,
/// which is what this does. The advice is a hint: it changes no value, it is ignored where huge
/// pages are off or unavailable, and it is skipped on other operating systems and architectures.
/// It must come before the block is first written, because pages already touched stay 4 KB.
/// </remarks>
internal static partial class LargePages
{
    /// <summary>The transparent huge page size on x64 and arm64 Linux.</summary>
    public const int PageBytes = 2 * 1024 * 1024;

    /// <summary>Blocks smaller than this are left alone: they hold too few whole large pages to matter.</summary>
    public const long MinimumBytes = 4L * PageBytes;

    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in asm-generic/mman-common.h (x64, arm64)

    /// <summary>Advises huge pages for the whole 2 MB pages inside [<paramref name="start"/>, start + <paramref name="bytes"/>).</summary>
    /// <param name="start">The first byte of a block that has not been written yet and never moves.</param>
    /// <param name="bytes">The block's length in bytes.</param>
    /// <returns>Whether the advice was given and accepted.</returns>
    public static bool Advise(nuint start, long bytes)
    {
        if (bytes < MinimumBytes
            || !OperatingSystem.IsLinux()
            || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return false;
        }

        nuint first = (start + (PageBytes - 1)) & ~(nuint)(PageBytes - 1);
        nuint end = (start + (nuint)bytes) & ~(nuint)(PageBytes - 1);
        return end > first && Madvise(first, end - first, MadviseHugePage) == 0;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nuint address, nuint length, int advice);
}
