using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Persona4Rec.Offline;

/// <summary>
/// Reads one line holding a Python literal — how the Amazon 2014 metadata files were written, one
/// <c>str(dict)</c> per line — by converting it to JSON, so that it is mapped by the same code as
/// JSON lines.
/// </summary>
/// <remarks>
/// <para>
/// Accepted: dicts with string keys, lists, strings in <c>'</c> or <c>"</c> with an optional
/// <c>u</c>, <c>b</c> or <c>r</c> prefix, integers (also Python 2's <c>123L</c>; beyond 64 bits they
/// become doubles), floats, <c>True</c>/<c>False</c>/<c>None</c> and JSON's
/// <c>true</c>/<c>false</c>/<c>null</c>; trailing commas. Escapes: <c>\\ \' \" \n \r \t \b \f \a \v</c>,
/// octal <c>\ooo</c>, <c>\xhh</c>, <c>\uhhhh</c>, <c>\Uhhhhhhhh</c> and JSON's <c>\/</c>; any other
/// escape is kept as written, as Python does. Everything else (sets, tuples, expressions,
/// triple-quoted strings) is a syntax error.
/// </para>
/// <para>
/// A run of <c>\x</c> escapes of 0x80 and above that forms UTF-8 is decoded as UTF-8: Python 2
/// wrote non-ASCII text of byte strings that way. Bytes that do not form UTF-8 are Latin-1 code
/// points, as in Python 3. Lone surrogates become U+FFFD.
/// </para>
/// <para>
/// Bad input never throws: it returns a reason with a one-based character position and none of the
/// line's text. Nesting is bounded by <see cref="MaxDepth"/>, so recursion is too. Not thread-safe:
/// use one instance per read.
/// </para>
/// </remarks>
internal sealed partial class PythonLiteral : IDisposable
{
    /// <summary>The deepest nesting of dicts and lists accepted; the same as <see cref="JsonDocument"/>'s default.</summary>
    public const int MaxDepth = 64;

    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly List<byte> _bytes = [];
    private char[] _chars = new char[256];
    private int _length;
    private string _text = string.Empty;
    private int _pos;
    private string? _error;

    public PythonLiteral() =>
        _writer = new Utf8JsonWriter(_json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public void Dispose() => _writer.Dispose();

    /// <summary>Whether <paramref name="line"/> opens a dict with a single-quoted key, as Python writes one.</summary>
    public static bool StartsLikeDict(string line)
    {
        ReadOnlySpan<char> rest = line.AsSpan().TrimStart();
        if (rest.IsEmpty || rest[0] != '{')
        {
            return false;
        }

        rest = rest[1..].TrimStart();
        return rest.StartsWith('\'') || rest.StartsWith("u'", StringComparison.Ordinal);
    }

    /// <summary>Parses one Python literal.</summary>
    /// <param name="text">The literal.</param>
    /// <param name="document">The literal as JSON; valid until the next call. The caller disposes it.</param>
    /// <param name="problem">Why the text is not a literal, when it is not.</param>
    /// <returns>Whether the text was a literal.</returns>
    public bool TryParse(string text, out JsonDocument? document, out string? problem)
    {
        _text = text;
        _pos = 0;
        _error = null;
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        document = null;
        if (!Value(1) || !End())
        {
            problem = _error;
            return false;
        }

        _writer.Flush();
        try
        {
            document = JsonDocument.Parse(_json.WrittenMemory);
        }
        catch (JsonException e)
        {
            problem = "the literal does not convert to JSON: " + e.Message;
            return false;
        }

        problem = null;
        return true;
    }

    private bool Value(int depth)
    {
        SkipWhiteSpace();
        if (_pos == _text.Length)
        {
            return Fail("unexpected end of line");
        }

        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return Container(depth, '}');
            case '[':
                return Container(depth, ']');
            case '\'' or '"':
                return StringValue();
            case '-' or '+' or '.':
                return Number();
            default:
                if (char.IsAsciiDigit(c))
                {
                    return Number();
                }

                if (StringPrefixLength() > 0)
                {
                    return StringValue();
                }

                return char.IsAsciiLetter(c) ? Name() : Fail("unexpected character");
        }
    }

    /// <summary>A dict (<paramref name="close"/> is <c>}</c>) or a list (<c>]</c>).</summary>
    private bool Container(int depth, char close)
    {
        if (depth > MaxDepth)
        {
            return Fail(string.Create(CultureInfo.InvariantCulture, $"nested deeper than {MaxDepth} levels"));
        }

        bool dict = close == '}';
        _pos++;
        if (dict)
        {
            _writer.WriteStartObject();
        }
        else
        {
            _writer.WriteStartArray();
        }

        while (true)
        {
            SkipWhiteSpace();
            if (Peek() == close)
            {
                _pos++;
                if (dict)
                {
                    _writer.WriteEndObject();
                }
                else
                {
                    _writer.WriteEndArray();
                }

                return true;
            }

            if ((dict && !Key()) || !Value(depth + 1) || !Separator(close))
            {
                return false;
            }
        }
    }

    /// <summary>A dict key and the colon after it.</summary>
    private bool Key()
    {
        if (Peek() is not ('\'' or '"') && StringPrefixLength() == 0)
        {
            return Fail(_pos == _text.Length ? "unexpected end of line" : "a dict key is not a string");
        }

        if (!ReadString())
        {
            return false;
        }

        _writer.WritePropertyName(_chars.AsSpan(0, _length));
        SkipWhiteSpace();
        if (Peek() != ':')
        {
            return Fail("expected ':'");
        }

        _pos++;
        return true;
    }

    /// <summary>After an element: a comma, or the closing bracket (left for the caller to consume).</summary>
    private bool Separator(char close)
    {
        SkipWhiteSpace();
        char c = Peek();
        if (c == ',')
        {
            _pos++;
            return true;
        }

        return c == close || Fail(_pos == _text.Length ? "unexpected end of line" : $"expected ',' or '{close}'");
    }

    private bool StringValue()
    {
        if (!ReadString())
        {
            return false;
        }

        _writer.WriteStringValue(_chars.AsSpan(0, _length));
        return true;
    }

    private bool Number()
    {
        int start = _pos;
        if (Peek() is '-' or '+')
        {
            _pos++;
        }

        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            bool exponentSign = c is '-' or '+' && _text[_pos - 1] is 'e' or 'E';
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && !exponentSign)
            {
                break;
            }

            _pos++;
        }

        ReadOnlySpan<char> token = _text.AsSpan(start, _pos - start);
        if (token.Length > 1 && token[^1] is 'L' or 'l')
        {
            token = token[..^1]; // a Python 2 long
        }

        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            _writer.WriteNumberValue(integer);
            return true;
        }

        const NumberStyles Float = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (double.TryParse(token, Float, CultureInfo.InvariantCulture, out double real) && double.IsFinite(real))
        {
            _writer.WriteNumberValue(real);
            return true;
        }

        _pos = start;
        return Fail("malformed number");
    }

    private bool Name()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        switch (_text.AsSpan(start, _pos - start))
        {
            case "True" or "true":
                _writer.WriteBooleanValue(true);
                return true;
            case "False" or "false":
                _writer.WriteBooleanValue(false);
                return true;
            case "None" or "null":
                _writer.WriteNullValue();
                return true;
            default:
                _pos = start;
                return Fail("unexpected name (only True, False and None are literals)");
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhiteSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\r' or '\n' or '\f')
        {
            _pos++;
        }
    }

    private bool End()
    {
        SkipWhiteSpace();
        return _pos == _text.Length || Fail("unexpected text after the literal");
    }

    private bool Fail(string reason)
    {
        _error = string.Create(CultureInfo.InvariantCulture, $"{reason} at character {_pos + 1}");
        return false;
    }
}
