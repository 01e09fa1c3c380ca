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
}
