namespace Persona4Rec.Offline;

/// <summary>
/// Unquotes CSV fields. Sep splits rows and fields, quotes included; unquoting here rather than
/// with Sep's <c>Unescape</c> lets a quoted field that is never closed make its row bad, instead of
/// silently swallowing the rows after it.
/// </summary>
internal static class CsvQuoting
{
    /// <summary>Removes the quotes around a field and undoubles the quotes inside it.</summary>
    /// <param name="raw">The field as written.</param>
    /// <param name="value">The field's value; <paramref name="raw"/> itself when it does not start with a quote.</param>
    /// <returns><see langword="false"/> when a quoted field is not closed or holds an undoubled quote.</returns>
    public static bool TryUnquote(ReadOnlySpan<char> raw, out string value)
    {
        value = string.Empty;
        if (raw.IsEmpty || raw[0] != '"')
        {
            value = raw.ToString();
            return true;
        }

        if (raw.Length < 2 || raw[^1] != '"')
        {
            return false;
        }

        string inner = raw[1..^1].ToString();
        if (!inner.Contains('"', StringComparison.Ordinal))
        {
            value = inner;
            return true;
        }

        value = inner.Replace("\"\"", "\"", StringComparison.Ordinal);
        return !inner.Replace("\"\"", string.Empty, StringComparison.Ordinal).Contains('"', StringComparison.Ordinal);
    }
}
