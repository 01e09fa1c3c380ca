using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Persona4Rec.Generation.Pipeline;

/// <summary>
/// The append-only checkpoint of a pipeline run: one JSON object per line, written and flushed to
/// disk when an item completes. The last entry of an item wins. A last line cut short by a killed
/// process is recognised (no final newline, does not parse) and cut off before appending; any
/// other malformed line is an error that names the line.
/// </summary>
internal sealed class PersonaCheckpoint : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private PersonaCheckpoint(FileStream stream, Dictionary<string, CheckpointEntry> entries)
    {
        _stream = stream;
        Entries = entries;
    }

    public Dictionary<string, CheckpointEntry> Entries { get; }

    public static PersonaCheckpoint Open(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var entries = ReadAll(stream, path, out long validLength, out bool needsNewline);
            stream.SetLength(validLength);
            stream.Seek(validLength, SeekOrigin.Begin);
            if (needsNewline)
            {
                stream.WriteByte((byte)'\n');
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
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return ReadAll(stream, path, out _, out _);
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
            Entries[entry.ItemId] = entry;
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

    private static Dictionary<string, CheckpointEntry> ReadAll(FileStream stream, string path, out long validLength, out bool needsNewline)
    {
        needsNewline = false;
        var entries = new Dictionary<string, CheckpointEntry>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        string content = reader.ReadToEnd();
        validLength = 0;
        int lineNumber = 0;
        int start = 0;
        while (start < content.Length)
        {
            int end = content.IndexOf('\n', start);
            bool complete = end >= 0;
            string line = complete ? content[start..end] : content[start..];
            lineNumber++;
            CheckpointEntry? entry = null;
            string? problem = null;
            if (!string.IsNullOrWhiteSpace(line))
            {
                try
                {
                    entry = JsonSerializer.Deserialize<CheckpointEntry>(line, Json);
                    problem = entry is null || string.IsNullOrEmpty(entry.ItemId) || string.IsNullOrEmpty(entry.InputHash) ? "an entry without item id or input hash" : null;
                }
                catch (JsonException e)
                {
                    problem = e.Message;
                }
            }

            if (problem is not null)
            {
                if (!complete)
                {
                    break; // The torn last line of a killed run: dropped, its item is generated again.
                }

                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Checkpoint '{path}', line {lineNumber}: {problem}. Fix or remove that line."));
            }

            if (entry is not null)
            {
                entries[entry.ItemId] = entry;
            }

            if (!complete)
            {
                // A complete JSON object without its newline: keep it, and add the newline on the next append.
                validLength = Encoding.UTF8.GetByteCount(content);
                needsNewline = true;
                break;
            }

            start = end + 1;
            validLength = Encoding.UTF8.GetByteCount(content.AsSpan(0, start));
        }

        return entries;
    }
}
