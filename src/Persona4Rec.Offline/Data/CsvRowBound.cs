using System.Globalization;

namespace Persona4Rec.Offline;

/// <summary>
/// A <see cref="TextReader"/> between the file and Sep that bounds one CSV row (quoted line breaks
/// included) to <see cref="MaxRowLength"/> characters, like the JSON readers' line bound: Sep holds
/// a whole row in memory, so one huge quoted field — or a quote never closed — would otherwise be
/// read whole. Past the bound the read stops with <see cref="InvalidDataException"/> naming the
/// line where the row starts.
/// </summary>
internal sealed class CsvRowBound(TextReader inner, string path, long maxRowLength = CsvRowBound.MaxRowLength) : TextReader
{
    /// <summary>The longest row accepted: the JSON readers' line bound.</summary>
    public const int MaxRowLength = JsonLinesFile.MaxLineLength;

    private long _rowLength;
    private long _line = 1;
    private long _rowStartLine = 1;
    private bool _inQuotes;

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        int read = inner.Read(buffer);
        foreach (char c in buffer[..read])
        {
            if (c == '"')
            {
                _inQuotes = !_inQuotes; // a doubled quote toggles twice
            }
            else if (c == '\n')
            {
                _line++;
                if (!_inQuotes)
                {
                    _rowLength = 0;
                    _rowStartLine = _line;
                    continue;
                }
            }

            if (++_rowLength > maxRowLength)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{path}', line {_rowStartLine}: a CSV row longer than {maxRowLength} characters{(_inQuotes ? " (inside a quoted field: a quote never closed?)" : string.Empty)}; the file cannot be read past it."));
            }
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
