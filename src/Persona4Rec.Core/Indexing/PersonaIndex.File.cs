using Persona4Rec.Indexing.Storage;

namespace Persona4Rec;

/// <content>Saving to and loading from the index file (docs/index-format.md).</content>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Writes the index to a file atomically: the bytes go to a temporary file in the same folder,
    /// which is flushed to disk and then renamed over <paramref name="path"/>, so a reader sees
    /// either the old file or the complete new one, never a partial file.
    /// </summary>
    /// <param name="path">The destination file; its folder must exist.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file could not be written; the destination is left as it was.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        IndexFileWriter.Write(this, path);
    }

    /// <summary>
    /// Loads an index file written by <see cref="Save"/>. Every length is checked against the
    /// header and the file size before use, and checksums are verified, so a truncated, corrupted
    /// or hostile file is rejected with <see cref="PersonaIndexFormatException"/> without large
    /// allocations or hangs.
    /// </summary>
    /// <param name="path">The index file.</param>
    /// <returns>The loaded index.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PersonaIndexFormatException">The file is not a valid index; the message says what was expected and what was found.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static PersonaIndex Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IndexFileReader.Read(path);
    }

    /// <summary>
    /// Opens an index file memory-mapped: the text and vector sections are mapped read-only and used
    /// in place, so opening a current (version 4) file reads only the header, the item ids, the
    /// persona counts and the text block checksums — milliseconds for a million personas. The
    /// operating system pages texts and vectors in on first use and may drop them under memory
    /// pressure. Use it for large indexes that start often (serverless hosts, many processes sharing
    /// one file through the page cache) or that do not fit twice in memory; use <see cref="Load"/>
    /// when the whole index is scanned right away and load time does not matter. Files of format
    /// versions 1 to 3 keep their texts in the metadata, which is then read and checked at open.
    /// </summary>
    /// <param name="path">The index file.</param>
    /// <param name="verifyVectors">
    /// Whether to read the whole file now to verify everything <see cref="Load"/> verifies: the
    /// vector checksums and values, every text block checksum and record, persona-id uniqueness.
    /// When <see langword="false"/> (the default), the preamble, header, metadata checksum and
    /// content, padding, and every length and offset against the file size are verified at open (so
    /// no read can fall outside the mapping); a text record is verified (its block's checksum and
    /// offsets, then a strict parse) the first time it is used, and a damaged one makes that call
    /// throw <see cref="PersonaIndexFormatException"/>; corrupted vector bytes are not detected and
    /// give wrong scores, never a crash or an out-of-bounds read. docs/index-format.md has the table.
    /// </param>
    /// <returns>The index; the mapping lives as long as the index and is released when it is collected.</returns>
    /// <remarks>
    /// The file must not be truncated while the index is in use (reading a truncated mapping
    /// crashes the process on POSIX). <see cref="Save"/> never does that: it writes a new file and
    /// renames it, so an open mapping keeps the old contents.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PersonaIndexFormatException">The file is not a valid index.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file could not be read or mapped.</exception>
    /// <exception cref="PlatformNotSupportedException">The CPU is big-endian (the file is little-endian).</exception>
    public static PersonaIndex OpenMapped(string path, bool verifyVectors = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IndexFileReader.Open(path, verifyVectors);
    }
}
