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
/// after another. The lines go to the L2 cache (<c>prefetcht1</c>), not L1: the L2 tracks many
/// more outstanding misses than L1's fill buffers, so more of them are in flight at once, and 7 ×
/// 16 rows ahead would not fit L1 anyway. Measured on the AVX-512 VM (benchmarks/README.md, issue
/// 18): the L2 hint took the cold 20-candidate float32 rerank from about 36 to 25 µs and int8 from
/// 18 to 10 µs where the L1 hint had gained little.
/// </summary>
/// <remarks>
/// A prefetch is only a hint: it never faults, never changes a result, and is a no-op where the
/// instruction is missing (non-x86 machines, or hardware intrinsics switched off).
/// </remarks>
internal static class RowPrefetch
{
    /// <summary>The cache line size assumed for the prefetch stride.</summary>
    public const int LineBytes = 64;

    /// <summary>
    /// How many rows ahead of the one being scored a gathered kernel prefetches: about two
    /// candidates of seven personas. From 8 to 28 rows measured alike (issue 18); fewer leave the
    /// memory system idle, many more evict rows from L2 before their turn on a long candidate list.
    /// </summary>
    public const int RowsAhead = 16;

    /// <summary>Prefetches the rows <paramref name="rowIndices"/>[<paramref name="from"/>..<paramref name="to"/>) of <paramref name="values"/>; nothing when the range is empty.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">Row-major rows of <paramref name="rowLength"/> elements.</param>
    /// <param name="rowIndices">Row numbers, each naming a row of <paramref name="values"/>.</param>
    /// <param name="from">The first position in <paramref name="rowIndices"/> to prefetch.</param>
    /// <param name="to">One past the last position.</param>
    /// <param name="rowLength">Elements per row.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Rows<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> rowIndices, int from, int to, int rowLength)
        where T : unmanaged
    {
        for (int k = from; k < to; k++)
        {
            Lines(values.Slice(rowIndices[k] * rowLength, rowLength));
        }
    }

    /// <summary>Prefetches every cache line of <paramref name="values"/> into the L2 cache (and the levels below it).</summary>
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
            Range((byte*)pointer, (byte*)pointer + ((nuint)values.Length * (nuint)sizeof(T)));
        }
    }

    /// <summary>
    /// The address of element <paramref name="offset"/> of <paramref name="rows"/>, for
    /// <see cref="Step"/>. A prefetch never faults and never reads into a register, so an address
    /// taken from an unpinned reference is safe to prefetch: if the collector moved the memory, the
    /// hint is just wasted.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="rows">The first element of the row-major rows.</param>
    /// <param name="offset">An element offset into them.</param>
    /// <returns>The address, only ever to be prefetched.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe byte* Address<T>(ref T rows, nuint offset)
        where T : unmanaged => (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref rows, offset));

    /// <summary>
    /// Prefetches the lines of four rows that one step of a block's loop would read: the line at
    /// byte <paramref name="byteOffset"/> of each row, and the next line too when a step reads more
    /// than one line (<paramref name="stepBytes"/> &gt; 64). Called once per step, it spreads a
    /// block's prefetches evenly over its arithmetic instead of issuing them in one burst before it.
    /// Steps shorter than a line (the Vector128 tier's 32 bytes) ask for each line twice; the second
    /// request finds the line on its way and costs next to nothing.
    /// </summary>
    /// <param name="row0">The first row to prefetch (from <see cref="Address"/>).</param>
    /// <param name="row1">The second.</param>
    /// <param name="row2">The third.</param>
    /// <param name="row3">The fourth.</param>
    /// <param name="byteOffset">The byte offset of the step within each row.</param>
    /// <param name="stepBytes">How many bytes of each row a step reads (a constant in each kernel, so the second line folds away where it is not needed).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Step(byte* row0, byte* row1, byte* row2, byte* row3, nuint byteOffset, int stepBytes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        Sse.Prefetch1(row0 + byteOffset);
        Sse.Prefetch1(row1 + byteOffset);
        Sse.Prefetch1(row2 + byteOffset);
        Sse.Prefetch1(row3 + byteOffset);
        if (stepBytes > LineBytes)
        {
            Sse.Prefetch1(row0 + byteOffset + LineBytes);
            Sse.Prefetch1(row1 + byteOffset + LineBytes);
            Sse.Prefetch1(row2 + byteOffset + LineBytes);
            Sse.Prefetch1(row3 + byteOffset + LineBytes);
        }
    }

    /// <summary>
    /// Prefetches the lines of four rows from byte <paramref name="fromByte"/> to the end of each
    /// row: what the steps of <see cref="Step"/> did not reach (a row not made of whole steps, or
    /// not aligned to a line).
    /// </summary>
    /// <param name="row0">The first row to prefetch (from <see cref="Address"/>).</param>
    /// <param name="row1">The second.</param>
    /// <param name="row2">The third.</param>
    /// <param name="row3">The fourth.</param>
    /// <param name="fromByte">The first byte of each row not yet prefetched.</param>
    /// <param name="rowBytes">Bytes per row.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Rest(byte* row0, byte* row1, byte* row2, byte* row3, nuint fromByte, nuint rowBytes)
    {
        if (!Sse.IsSupported || fromByte >= rowBytes)
        {
            return;
        }

        Range(row0 + fromByte, row0 + rowBytes);
        Range(row1 + fromByte, row1 + rowBytes);
        Range(row2 + fromByte, row2 + rowBytes);
        Range(row3 + fromByte, row3 + rowBytes);
    }

    /// <summary>Prefetches every line that holds a byte of [<paramref name="start"/>, <paramref name="end"/>); callers check <see cref="Sse.IsSupported"/>.</summary>
    private static unsafe void Range(byte* start, byte* end)
    {
        // Start at the line that holds the first byte, so a misaligned range loses no line.
        byte* line = (byte*)((nuint)start & ~(nuint)(LineBytes - 1));
        for (; line + (3 * LineBytes) < end; line += 4 * LineBytes)
        {
            Sse.Prefetch1(line);
            Sse.Prefetch1(line + LineBytes);
            Sse.Prefetch1(line + (2 * LineBytes));
            Sse.Prefetch1(line + (3 * LineBytes));
        }

        for (; line < end; line += LineBytes)
        {
            Sse.Prefetch1(line);
        }
    }
}
