using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Persona4Rec.Internal;

namespace Persona4Rec.Offline.Generation.Pipeline;

/// <summary>
/// The append-only checkpoint of a pipeline run: a header line that marks the file as a checkpoint
/// (<c>{"persona4rec":"checkpoint","version":1}</c>, written first), then one JSON object per line,
/// written and flushed to disk when an item completes. The last entry of an item wins. A last line
/// cut short by a killed process is recognised (no final newline, does not parse) and cut off
/// before appending — but only in a file that is recognisably a checkpoint (its first line is the
/// header, or an entry: checkpoints written before the header existed). Any other file is refused
/// and left untouched, so <c>--out</c> pointed at a user's file never truncates it; any other
/// malformed line is an error that names the line.
/// </summary>
internal sealed class PersonaCheckpoint : IDisposable
{
    /// <summary>No entry comes near this; a longer line means the file is something else.</summary>
    private const int MaxLineBytes = 64 << 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private PersonaCheckpoint(FileStream stream, Dictionary<string, CheckpointEntry> entries)
    {
        _stream = stream;
        Entries = entries;
    }

    /// <summary>Gets the latest entry of every item, without texts (the pipeline only needs status and input hash).</summary>
    public Dictionary<string, CheckpointEntry> Entries { get; }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The first line of every checkpoint written since the header was introduced.</summary>
    private static ReadOnlySpan<byte> HeaderLine => "{\"persona4rec\":\"checkpoint\",\"version\":1}\n"u8;

    public static PersonaCheckpoint Open(string path)
    {
        RegularFile.Require(path, "checkpoint file");
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var entries = ReadAll(stream, path, keepContent: false, out long validLength, out bool needsNewline);
            if (validLength < stream.Length)
            {
                stream.SetLength(validLength); // the torn last line of a real checkpoint
            }

            stream.Seek(validLength, SeekOrigin.Begin);
            if (needsNewline)
            {
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            if (validLength == 0)
            {
                // A new checkpoint (or one whose header was torn by a kill): the header goes first.
                stream.Write(HeaderLine);
                stream.Flush(flushToDisk: true);
            }

            return new PersonaCheckpoint(stream, entries);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static Dictionary<string, CheckpointEntry> Read(string path)
    {
        RegularFile.Require(path, "checkpoint file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return ReadAll(stream, path, keepContent: true, out _, out _);
    }

    public async Task AppendAsync(CheckpointEntry entry, CancellationToken cancellationToken)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One write and a flush to disk per completed item: a kill loses at most the line being written.
            await _stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            _stream.Flush(flushToDisk: true);
            Entries[entry.ItemId] = entry.WithoutContent();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _writeLock.Dispose();
    }

    private static Dictionary<string, CheckpointEntry> ReadAll(FileStream stream, string path, bool keepContent, out long validLength, out bool needsNewline)
    {
        // Streamed line by line, so a checkpoint of any size opens with memory for one line plus
        // the entries; '\n' never occurs inside a multi-byte UTF-8 sequence.
        var entries = new Dictionary<string, CheckpointEntry>(StringComparer.Ordinal);
        var line = new ArrayBufferWriter<byte>();
        byte[] chunk = new byte[1 << 16];
        long lineStart = 0;
        int lineNumber = 0;
        int read;
        stream.Seek(0, SeekOrigin.Begin);
        while ((read = stream.Read(chunk)) > 0)
        {
            ReadOnlySpan<byte> rest = chunk.AsSpan(0, read);
            while (!rest.IsEmpty)
            {
                int newline = rest.IndexOf((byte)'\n');
                ReadOnlySpan<byte> part = newline < 0 ? rest : rest[..newline];
                if ((long)line.WrittenCount + part.Length > MaxLineBytes)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Checkpoint '{path}', line {lineNumber + 1}: longer than {MaxLineBytes} bytes; no entry is that long. Is this a checkpoint file?"));
                }

                line.Write(part);
                if (newline < 0)
                {
                    break;
                }

                rest = rest[(newline + 1)..];
                string? problem = Parse(line.WrittenSpan, ++lineNumber, out CheckpointEntry? entry);
                if (problem is not null)
                {
                    throw lineNumber == 1
                        ? NotACheckpoint(path)
                        : new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Checkpoint '{path}', line {lineNumber}: {problem}. Fix or remove that line."));
                }

                Add(entries, entry, keepContent);
                lineStart += line.WrittenCount + 1;
                line.ResetWrittenCount();
            }
        }

        validLength = lineStart;
        needsNewline = false;
        if (line.WrittenCount > 0 && Parse(line.WrittenSpan, ++lineNumber, out CheckpointEntry? last) is null)
        {
            // A complete JSON object without its newline: keep it, and add the newline on the next append.
            Add(entries, last, keepContent);
            validLength += line.WrittenCount;
            needsNewline = true;
        }
        else if (line.WrittenCount > 0 && lineStart == 0 && !HeaderLine.StartsWith(line.WrittenSpan))
        {
            // One unparsable line and nothing before it: not the torn line of a killed run (a run
            // writes the header first), but some other file. Refused, not truncated.
            throw NotACheckpoint(path);
        }

        // Anything else there is the torn last line of a killed run: dropped, its item is generated again.
        return entries;
    }

    private static InvalidDataException NotACheckpoint(string path) => new(
        $"'{path}' is not a persona checkpoint: its first line is neither the checkpoint header nor an entry. It was left untouched; choose another file for the checkpoint.");

    private static string? Parse(ReadOnlySpan<byte> line, int lineNumber, out CheckpointEntry? entry)
    {
        entry = null;
        if (lineNumber == 1 && line.StartsWith(Utf8Bom))
        {
            line = line[Utf8Bom.Length..];
        }

        if (lineNumber == 1 && line.SequenceEqual(HeaderLine[..^1]))
        {
            return null; // the header: no entry
        }

        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return lineNumber == 1 ? "an empty first line" : null;
        }

        try
        {
            entry = JsonSerializer.Deserialize<CheckpointEntry>(line, Json);
            return entry is null || string.IsNullOrEmpty(entry.ItemId) || string.IsNullOrEmpty(entry.InputHash) ? "an entry without item id or input hash" : null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    private static void Add(Dictionary<string, CheckpointEntry> entries, CheckpointEntry? entry, bool keepContent)
    {
        if (entry is not null)
        {
            entries[entry.ItemId] = keepContent ? entry : entry.WithoutContent();
        }
    }
}
