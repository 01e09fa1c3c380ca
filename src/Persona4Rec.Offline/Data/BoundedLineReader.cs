using System.Text;

namespace Persona4Rec.Offline;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLine"/> (<c>\n</c>, <c>\r\n</c> or <c>\r</c> end a
/// line), but never holds more than a bounded number of characters: a longer line is skipped to its
/// end and reported as too long, so a file without line breaks cannot exhaust memory.
/// </summary>
internal sealed class BoundedLineReader
{
    private readonly TextReader _reader;
    private readonly int _maxLineLength;
    private readonly char[] _buffer;
    private readonly StringBuilder _pending = new();
    private int _start;
    private int _end;
    private bool _skipLineFeed;

    public BoundedLineReader(TextReader reader, int maxLineLength, int bufferLength = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        _reader = reader;
        _maxLineLength = maxLineLength;
        _buffer = new char[bufferLength];
    }

    /// <summary>Reads the next line.</summary>
    /// <param name="line">The line without its line break; <see langword="null"/> when it was longer than the limit.</param>
    /// <returns><see langword="false"/> at the end of the input.</returns>
    public bool TryReadLine(out string? line)
    {
        _pending.Clear();
        bool started = false;
        bool tooLong = false;
        while (true)
        {
            if (_start == _end && !Fill())
            {
                line = tooLong ? null : _pending.ToString();
                return started;
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == '\n')
                {
                    _start++;
                    continue;
                }
            }

            started = true;
            ReadOnlySpan<char> available = _buffer.AsSpan(_start, _end - _start);
            int end = available.IndexOfAny('\r', '\n');
            ReadOnlySpan<char> chunk = end < 0 ? available : available[..end];
            tooLong = tooLong || _pending.Length + chunk.Length > _maxLineLength;
            if (end < 0)
            {
                if (!tooLong)
                {
                    _pending.Append(chunk);
                }

                _start = _end;
                continue;
            }

            _start += end + 1;
            _skipLineFeed = available[end] == '\r';
            line = tooLong ? null : _pending.Length == 0 ? chunk.ToString() : _pending.Append(chunk).ToString();
            return true;
        }
    }

    private bool Fill()
    {
        _start = 0;
        _end = _reader.Read(_buffer, 0, _buffer.Length);
        return _end > 0;
    }
}
