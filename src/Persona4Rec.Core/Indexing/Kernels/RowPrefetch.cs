using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Software prefetch of the rows the rerank will read next. Candidates sit at random places in a
/// catalogue far larger than the cache, so each one's rows are a few kilobytes of cache misses
/// that the hardware prefetchers cannot predict (they stop at page boundaries and need a stream to
/// learn). Asking for the rows of the next candidates while the current one is scored keeps many
/// misses in flight and overlaps them with the arithmetic, instead of paying one memory latency
/// after another. Measured (benchmarks/README.md, issue 18): a clear gain for int8 rows; for
/// float32 rows within the noise of a shared machine.
/// </summary>
/// <remarks>
/// A prefetch is only a hint: it never faults, never changes a result, and is a no-op where the
/// instruction is missing (non-x86 machines, or hardware intrinsics switched off).
/// </remarks>
internal static class RowPrefetch
{
    /// <summary>The cache line size assumed for the prefetch stride.</summary>
    public const int LineBytes = 64;

    /// <summary>Prefetches every cache line of <paramref name="values"/> into all cache levels.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The memory about to be read.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Lines<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!Sse.IsSupported || values.IsEmpty)
        {
            return;
        }

        fixed (T* pointer = &MemoryMarshal.GetReference(values))
        {
            byte* start = (byte*)pointer;
            byte* end = start + ((nuint)values.Length * (nuint)sizeof(T));
            // Start at the line that holds the first byte, so a misaligned span loses no line.
            for (byte* line = (byte*)((nuint)start & ~(nuint)(LineBytes - 1)); line < end; line += LineBytes)
            {
                Sse.Prefetch0(line);
            }
        }
    }
}
