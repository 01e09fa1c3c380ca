using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// A block of floats whose first element sits on a 64-byte boundary: either a pinned array on the
/// pinned object heap (it never moves, and the GC still owns it), or a read-only view of a
/// memory-mapped index file (<see cref="MappedRegion"/>), kept alive by this block. Managed arrays
/// are only 16-byte aligned; with 384-d rows that makes every other 32-byte load straddle a cache
/// line, which measured about 1.5× slower on the rerank path. A large block asks Linux for 2 MB
/// pages before it is first written (<see cref="LargePages"/>): with the rerank's rows prefetched
/// into L2, page walks became a visible part of a cold candidate's cost, and the cold float32
/// rerank measured faster with 2 MB pages than without (benchmarks/README.md, issue 18).
/// </summary>
internal sealed unsafe class AlignedVectorBlock
{
    private const int Alignment = 64;
    private readonly float[]? _array;
    private readonly int _offset;
    private readonly float* _pointer;
    private readonly object? _owner;

    private AlignedVectorBlock(float[] array, int offset, int length, bool largePagesAdvised)
    {
        _array = array;
        _offset = offset;
        Length = length;
        LargePagesAdvised = largePagesAdvised;
    }

    private AlignedVectorBlock(float* pointer, int length, object owner)
    {
        _pointer = pointer;
        _owner = owner;
        Length = length;
    }

    public int Length { get; }

    /// <summary>Gets whether the block is a view of a memory-mapped file (read-only: never write to <see cref="Span"/>).</summary>
    public bool IsMapped => _owner is not null;

    /// <summary>Gets whether Linux accepted the advice to back this block with 2 MB pages (<see cref="LargePages"/>); whether it could is the kernel's affair.</summary>
    public bool LargePagesAdvised { get; }

    /// <summary>Gets the address of the first element (the block never moves).</summary>
    public nuint Address => (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Span));

    public Span<float> Span => _array is not null ? _array.AsSpan(_offset, Length) : new Span<float>(_pointer, Length);

    /// <summary>Allocates an uninitialised block; the caller must write every element.</summary>
    /// <param name="length">The number of floats.</param>
    /// <param name="largePages">Whether a large block asks for 2 MB pages (<see cref="LargePages"/>); off only to measure the difference.</param>
    public static AlignedVectorBlock Allocate(int length, bool largePages = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        float[] array = GC.AllocateUninitializedArray<float>(length + (Alignment / sizeof(float)), pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref array[0]);
        int offset = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
        // Pinned, so the address holds; uninitialised, so no page of the block is touched yet
        // (unless the GC hands back memory it used before: then those pages stay 4 KB).
        bool advised = largePages && LargePages.Advise((nuint)Unsafe.AsPointer(ref array[offset]), (long)length * sizeof(float));
        return new AlignedVectorBlock(array, offset, length, advised);
    }

    /// <summary>Wraps mapped memory; <paramref name="owner"/> keeps the mapping alive as long as the block.</summary>
    public static AlignedVectorBlock Wrap(byte* pointer, int length, MappedRegion owner) => new((float*)pointer, length, owner);

    public static AlignedVectorBlock CopyOf(ReadOnlySpan<float> values)
    {
        AlignedVectorBlock block = Allocate(values.Length);
        values.CopyTo(block.Span);
        return block;
    }
}
