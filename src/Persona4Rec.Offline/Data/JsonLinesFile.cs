using System.Globalization;
using System.Text.Json;

namespace Persona4Rec.Offline;

/// <summary>
/// The read loop shared by the JSON-lines readers: one record per line, blank lines skipped, a line
/// that does not parse or map (or repeats an id) recorded as a <see cref="BadLine"/>.
/// </summary>
internal static class JsonLinesFile
{
    /// <summary>
    /// Lines longer than this many characters are bad lines. Real records are far shorter (a long
    /// review is ~100 KB); the bound keeps a file without line breaks from exhausting memory.
    /// </summary>
    public const int MaxLineLength = 8 * 1024 * 1024;

    /// <summary>Maps one parsed line.</summary>
    /// <returns><see langword="null"/> on success, else why the line is bad.</returns>
    public delegate string? LineParser<T>(JsonElement root, out T? value)
        where T : class;

    /// <summary>Reads every line of <paramref name="path"/>.</summary>
    /// <param name="path">The file, optionally gzip-compressed.</param>
    /// <param name="badLines">Where bad lines go; it throws once there are too many.</param>
    /// <param name="parse">Maps a line's JSON object to a value.</param>
    /// <param name="idOf">A value's id, which must be unique in the file.</param>
    /// <param name="idKind">What the id is called in the duplicate message, for example "review id".</param>
    /// <param name="acceptPythonLiterals">Whether a line may also be a Python literal (see <see cref="PythonLiteral"/>).</param>
    public static List<T> Read<T>(string path, BadLineLog badLines, LineParser<T> parse, Func<T, string> idOf, string idKind, bool acceptPythonLiterals = false)
        where T : class
    {
        var values = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using PythonLiteral? python = acceptPythonLiterals ? new PythonLiteral() : null;
        long lineNumber = 0;
        using StreamReader text = DataFile.OpenText(path);
        var reader = new BoundedLineReader(text, MaxLineLength);
        while (reader.TryReadLine(out string? line))
        {
            lineNumber++;
            if (line is null)
            {
                badLines.Add(lineNumber, string.Create(CultureInfo.InvariantCulture, $"line longer than {MaxLineLength} characters"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? problem = ParseLine(line, python, parse, out T? value);
            if (problem is null && !seen.Add(idOf(value!)))
            {
                problem = $"duplicate {idKind} '{idOf(value!)}'";
            }

            if (problem is null)
            {
                values.Add(value!);
            }
            else
            {
                badLines.Add(lineNumber, problem);
            }
        }

        return values;
    }

    private static string? ParseLine<T>(string line, PythonLiteral? python, LineParser<T> parse, out T? value)
        where T : class
    {
        value = null;
        JsonDocument? document;
        string? problem;

        // A Python dict literal starts with a single-quoted key; anything else is tried as JSON
        // first, which is faster, and as a Python literal only when that fails (True, None, ...).
        if (python is not null && PythonLiteral.StartsLikeDict(line))
        {
            if (!python.TryParse(line, out document, out problem))
            {
                return problem;
            }
        }
        else
        {
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                if (python is null)
                {
                    return "malformed JSON: " + e.Message;
                }

                if (!python.TryParse(line, out document, out problem))
                {
                    return "neither JSON nor a Python literal: " + problem;
                }
            }
        }

        using (document)
        {
            try
            {
                return document!.RootElement.ValueKind == JsonValueKind.Object ? parse(document.RootElement, out value) : "not a JSON object";
            }
            catch (InvalidOperationException)
            {
                // JsonElement.GetString throws this for a string holding an escaped lone surrogate.
                return "a string field is not valid UTF-16 text";
            }
        }
    }
}
