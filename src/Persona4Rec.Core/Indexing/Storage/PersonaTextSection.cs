using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// The version 4 text section, read on demand: R = N + P MessagePack records (N item summaries,
/// then P persona records) behind a table of R + 1 little-endian <c>uint64</c> offsets. Records are
/// checksummed in blocks of <see cref="BlockRecords"/>; a block's checksum (from the metadata, which
/// was verified at open) is checked the first time any of its records is used, then its offsets are
/// bounds-checked and the record is parsed strictly, so a damaged or hostile section gives
/// <see cref="PersonaIndexFormatException"/>, never an out-of-range read. The bytes are either a
/// read-only mapping of the file or a pinned array (for <see cref="PersonaIndex.Load"/>).
/// </summary>
internal sealed unsafe class PersonaTextSection : PersonaTextStore
{
    /// <summary>Records per checksum block: a block is a few tens of kilobytes, hashed in microseconds on first use.</summary>
    public const int BlockRecords = 64;

    private readonly byte* _start;
    private readonly long _length;
    private readonly long _recordsStart;
    private readonly long _recordsLength;
    private readonly int _itemCount;
    private readonly int _recordCount;
    private readonly ulong[] _blockChecksums;
    private readonly long[] _verifiedBlocks;

    /// <summary>Keeps the mapping or the pinned array alive as long as this section.</summary>
    private readonly object _owner;

    /// <summary>Wraps a section whose length was checked against the header (at least 8 × (R + 1) bytes) and whose checksums came from the verified metadata.</summary>
    public PersonaTextSection(byte* start, long length, int itemCount, int personaCount, ulong[] blockChecksums, object owner)
    {
        _start = start;
        _length = length;
        _itemCount = itemCount;
        _recordCount = itemCount + personaCount;
        _recordsStart = OffsetTableLength(_recordCount);
        _recordsLength = length - _recordsStart;
        _blockChecksums = blockChecksums;
        _verifiedBlocks = new long[(blockChecksums.Length + 63) / 64];
        _owner = owner;
        IndexFileReader.Require(ReadOffset(0) == 0, "The text section's first record offset is not 0.");
        IndexFileReader.Require(ReadOffset(_recordCount) == (ulong)_recordsLength, $"The text section's last record offset is {ReadOffset(_recordCount)}; expected {_recordsLength}, the length of its records.");
    }

    /// <summary>The bytes of the offset table for <paramref name="records"/> records.</summary>
    public static long OffsetTableLength(long records) => (records + 1) * sizeof(ulong);

    /// <summary>How many checksum blocks <paramref name="records"/> records make.</summary>
    public static int BlockCount(long records) => (int)((records + BlockRecords - 1) / BlockRecords);

    /// <summary>A block's checksum: XxHash3-64 over its offset entries (first to last record, both ends) followed by its record bytes.</summary>
    public static ulong BlockChecksum(ReadOnlySpan<byte> offsetEntries, ReadOnlySpan<byte> records)
    {
        var hash = new XxHash3();
        hash.Append(offsetEntries);
        hash.Append(records);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <inheritdoc/>
    public override Persona Decode(int personaOrdinal, string itemId) =>
        IndexFileReader.DecodePersonaRecord(Record(_itemCount + personaOrdinal), personaOrdinal, itemId);

    /// <inheritdoc/>
    public override string? Summary(int item) => IndexFileReader.DecodeSummaryRecord(Record(item), item);

    /// <summary>
    /// Verifies every block checksum and every record (what <see cref="PersonaIndex.Load"/> and
    /// <c>OpenMapped(verifyVectors: true)</c> promise), including persona-id uniqueness per item.
    /// </summary>
    public void VerifyAll(ReadOnlySpan<int> personaStart, string[] itemIds)
    {
        for (int block = 0; block < _blockChecksums.Length; block++)
        {
            VerifyBlock(block);
        }

        // One parser per run of records (all summaries, then each item's personas), each record
        // required to end exactly at the next offset: a reader per record costs more than the record.
        ReadOnlyMemory<byte> summaries = Records(0, _itemCount, out long summariesStart);
        var reader = new MessagePackReader(summaries);
        for (int item = 0; item < _itemCount; item++)
        {
            IndexFileReader.ValidateSummaryRecord(ref reader, item);
            RequireRecordEnd(ref reader, summariesStart, item);
        }

        var ids = new List<ReadOnlyMemory<byte>>();
        for (int item = 0; item < _itemCount; item++)
        {
            int first = _itemCount + personaStart[item];
            ReadOnlyMemory<byte> records = Records(first, _itemCount + personaStart[item + 1], out long start);
            reader = new MessagePackReader(records);
            ids.Clear();
            for (int p = personaStart[item]; p < personaStart[item + 1]; p++)
            {
                IndexFileReader.ValidatePersonaRecord(ref reader, records, p, ids);
                RequireRecordEnd(ref reader, start, _itemCount + p);
            }

            IndexFileReader.CheckUniqueIds(ids, itemIds[item]);
        }
    }

    /// <summary>The bytes of records <paramref name="first"/> up to <paramref name="end"/> (blocks already verified), and where they start.</summary>
    private ReadOnlyMemory<byte> Records(int first, int end, out long start)
    {
        (start, long stop) = RecordRange(first, end);
        return _owner is byte[] array
            ? array.AsMemory((int)(_recordsStart + start), (int)(stop - start))
            : Bytes(_recordsStart + start, stop - start).ToArray();
    }

    private void RequireRecordEnd(ref MessagePackReader reader, long runStart, int record)
    {
        long end = (long)ReadOffset(record + 1) - runStart;
        if (reader.Consumed != end)
        {
            throw new PersonaIndexFormatException($"Text record {record} ends at {runStart + reader.Consumed} but the next offset is {runStart + end}: the record is malformed or has bytes after its end.");
        }
    }

    /// <summary>One record's bytes, after its block's checksum was verified and its offsets checked.</summary>
    private ReadOnlyMemory<byte> Record(int record)
    {
        int block = record / BlockRecords;
        if ((Volatile.Read(ref _verifiedBlocks[block / 64]) & (1L << (block % 64))) == 0)
        {
            VerifyBlock(block);
        }

        // Copied out of a mapping: the parser works on memory that cannot change under it.
        return Records(record, record + 1, out _);
    }

    private void VerifyBlock(int block)
    {
        int first = block * BlockRecords;
        int last = (int)Math.Min((long)first + BlockRecords, _recordCount);
        (long start, long end) = RecordRange(first, last);
        for (int r = first; r < last; r++)
        {
            _ = RecordRange(r, r + 1);
        }

        ReadOnlySpan<byte> entries = Bytes((long)first * sizeof(ulong), (long)(last - first + 1) * sizeof(ulong));
        ulong actual = BlockChecksum(entries, Bytes(_recordsStart + start, end - start));
        if (actual != _blockChecksums[block])
        {
            throw new PersonaIndexFormatException(
                $"The checksum of text block {block} (records {first} to {last - 1}) does not match: the file says {_blockChecksums[block]:X16}, the content hashes to {actual:X16} (the file is corrupted).");
        }

        Interlocked.Or(ref _verifiedBlocks[block / 64], 1L << (block % 64));
    }

    /// <summary>The byte range from record <paramref name="first"/> to record <paramref name="end"/>, checked to be ordered and inside the records.</summary>
    private (long Start, long End) RecordRange(int first, int end)
    {
        ulong a = ReadOffset(first);
        ulong b = ReadOffset(end);
        if (!(a <= b && b <= (ulong)_recordsLength && b - a <= int.MaxValue))
        {
            throw new PersonaIndexFormatException($"Text records {first} to {end - 1} have offsets {a} to {b}; expected ascending offsets within the {_recordsLength} bytes of records.");
        }

        return ((long)a, (long)b);
    }

    private ulong ReadOffset(int entry) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes((long)entry * sizeof(ulong), sizeof(ulong)));

    private ReadOnlySpan<byte> Bytes(long offset, long length)
    {
        // Every caller passes checked values; this guard keeps a logic error from reading outside the section.
        if (offset < 0 || length < 0 || length > int.MaxValue || offset > _length - length)
        {
            throw new InvalidOperationException($"Text section read at {offset} (+{length}) outside its {_length} bytes.");
        }

        GC.KeepAlive(_owner);
        return new ReadOnlySpan<byte>(_start + offset, (int)length);
    }
}
