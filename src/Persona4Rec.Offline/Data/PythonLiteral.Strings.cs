using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Persona4Rec.Offline;

/// <summary>String literals: prefixes, escapes and the decoding of <c>\x</c> byte runs.</summary>
internal sealed partial class PythonLiteral
{
    /// <summary>The length of a string prefix (<c>u</c>, <c>b</c>, <c>r</c>, <c>br</c>, ...) directly followed by a quote at the position; 0 if none.</summary>
    private int StringPrefixLength()
    {
        for (int length = 1; length <= 2 && _pos + length < _text.Length; length++)
        {
            if (_text[_pos + length - 1] is not ('u' or 'U' or 'b' or 'B' or 'r' or 'R'))
            {
                return 0;
            }

            if (_text[_pos + length] is '\'' or '"')
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>Reads a string literal into <see cref="_chars"/>.</summary>
    private bool ReadString()
    {
        int prefix = _text[_pos] is '\'' or '"' ? 0 : StringPrefixLength();
        bool raw = _text.AsSpan(_pos, prefix).ContainsAny('r', 'R');
        int start = _pos;
        _pos += prefix;
        char quote = _text[_pos++];
        if (_pos + 1 < _text.Length && _text[_pos] == quote && _text[_pos + 1] == quote)
        {
            _pos = start;
            return Fail("triple-quoted strings are not supported");
        }

        _length = 0;
        while (true)
        {
            ReadOnlySpan<char> rest = _text.AsSpan(_pos);
            int stop = rest.IndexOfAny(quote, '\\');
            if (stop < 0 || (rest[stop] == '\\' && stop + 1 == rest.Length))
            {
                _pos = start;
                return Fail("unterminated string");
            }

            Append(rest[..stop]);
            _pos += stop + 1;
            if (rest[stop] == quote)
            {
                ReplaceLoneSurrogates();
                return true;
            }

            if (raw)
            {
                // In a raw string a backslash stays, and keeps the next character from ending the string.
                Append('\\');
                Append(_text[_pos++]);
            }
            else if (!Escape())
            {
                return false;
            }
        }
    }

    /// <summary>Decodes the escape after a backslash (<see cref="_pos"/> is on the escape's letter).</summary>
    private bool Escape()
    {
        char e = _text[_pos++];
        switch (e)
        {
            case '\\' or '\'' or '"' or '/':
                Append(e);
                return true;
            case 'n':
                Append('\n');
                return true;
            case 'r':
                Append('\r');
                return true;
            case 't':
                Append('\t');
                return true;
            case 'b':
                Append('\b');
                return true;
            case 'f':
                Append('\f');
                return true;
            case 'a':
                Append('\a');
                return true;
            case 'v':
                Append('\v');
                return true;
            case 'x':
                return HexBytes();
            case 'u':
                return CodePoint(4);
            case 'U':
                return CodePoint(8);
            case >= '0' and <= '7':
                int value = e - '0';
                for (int i = 0; i < 2 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; i++)
                {
                    value = (value * 8) + (_text[_pos++] - '0');
                }

                Append((char)value);
                return true;
            default:
                Append('\\');
                Append(e);
                return true;
        }
    }

    /// <summary>
    /// Decodes <c>\xhh</c> and the <c>\xhh</c> escapes of 0x80 and above that directly follow it: as
    /// UTF-8 where they form it, else one Latin-1 character each.
    /// </summary>
    private bool HexBytes()
    {
        if (!TryHex(2, out int first))
        {
            return Fail("malformed \\x escape");
        }

        if (first < 0x80)
        {
            Append((char)first);
            return true;
        }

        _bytes.Clear();
        _bytes.Add((byte)first);
        while (_pos + 3 < _text.Length && _text[_pos] == '\\' && _text[_pos + 1] == 'x'
            && int.TryParse(_text.AsSpan(_pos + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int next) && next >= 0x80)
        {
            _bytes.Add((byte)next);
            _pos += 4;
        }

        ReadOnlySpan<byte> bytes = CollectionsMarshal.AsSpan(_bytes);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed) == OperationStatus.Done)
            {
                Append(pair[..rune.EncodeToUtf16(pair)]);
                bytes = bytes[consumed..];
            }
            else
            {
                Append((char)bytes[0]);
                bytes = bytes[1..];
            }
        }

        return true;
    }

    private bool CodePoint(int digits)
    {
        int at = _pos;
        if (!TryHex(digits, out int value) || value is < 0 or > 0x10FFFF)
        {
            _pos = at;
            return Fail(digits == 4 ? "malformed \\u escape" : "malformed \\U escape");
        }

        if (value <= 0xFFFF)
        {
            Append((char)value); // a lone surrogate is paired or replaced when the string ends
        }
        else
        {
            Span<char> pair = stackalloc char[2];
            Append(pair[..new Rune(value).EncodeToUtf16(pair)]);
        }

        return true;
    }

    private bool TryHex(int digits, out int value)
    {
        value = 0;
        if (_pos + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        _pos += digits;
        return true;
    }

    private void ReplaceLoneSurrogates()
    {
        Span<char> chars = _chars.AsSpan(0, _length);
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
    }

    private void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        _chars[_length++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + text.Length));
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }
}
