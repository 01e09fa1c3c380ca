using System.Text.Json;

namespace Persona4Rec.Offline;

/// <summary>
/// Reads the item metadata files of public review data sets into <see cref="ItemInfo"/>, streaming,
/// with <c>.gz</c> accepted. A malformed line, a line without an item id and a line that repeats an
/// earlier item id are reported with their line numbers instead of stopping the read. Empty or
/// blank titles and descriptions read as <see langword="null"/>.
/// </summary>
public static class ItemMetadataReader
{
    /// <summary>
    /// Reads the Amazon 2014 metadata file (<c>meta_*.json</c>): <c>asin</c> → id, <c>title</c>,
    /// <c>description</c>, and <c>categories</c>, a list of category paths each running from general
    /// to specific. The paths are flattened in order with repeats dropped, so the first path comes
    /// whole and first, followed by what later paths add. Other fields (<c>brand</c>, <c>price</c>,
    /// <c>related</c>, ...) are not read.
    /// </summary>
    /// <remarks>
    /// The published files are not JSON: each line is a Python dict literal (single-quoted strings,
    /// <c>True</c>/<c>False</c>/<c>None</c>). Both that and JSON lines are accepted; non-ASCII text
    /// written as <c>\x</c> escapes of UTF-8 bytes is decoded as UTF-8.
    /// </remarks>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad lines (a file of the wrong format). Default: 1,000.</param>
    /// <returns>The items and the bad lines.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ItemMetadataResult ReadAmazon2014(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "an Amazon 2014 metadata file", TryParseAmazon2014, acceptPythonLiterals: true);

    /// <summary>
    /// Reads the Amazon Reviews 2023 metadata file (<c>meta_*.jsonl</c>): <c>parent_asin</c> → id,
    /// <c>title</c>, <c>description</c> (a list of paragraphs, joined with line breaks; a plain string
    /// is taken as is) and <c>categories</c> (general to specific). When <c>categories</c> is empty,
    /// <c>main_category</c> becomes the only category.
    /// </summary>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad lines. Default: 1,000.</param>
    /// <returns>The items and the bad lines.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ItemMetadataResult ReadAmazon2023(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "an Amazon 2023 metadata file", TryParseAmazon2023, acceptPythonLiterals: false);

    /// <summary>
    /// Reads the Yelp Open Dataset <c>business.json</c>: <c>business_id</c> → id, <c>name</c> → title,
    /// and <c>categories</c>, one comma-separated string, split and trimmed in the file's order (Yelp's
    /// categories have no general-to-specific order). The file has no description, so
    /// <see cref="ItemInfo.Description"/> is <see langword="null"/>.
    /// </summary>
    /// <param name="path">The file, optionally gzip-compressed (<c>.gz</c>).</param>
    /// <param name="maxBadLines">Reading stops with <see cref="InvalidDataException"/> after this many bad lines. Default: 1,000.</param>
    /// <returns>The businesses as items, and the bad lines.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBadLines"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">More than <paramref name="maxBadLines"/> lines were bad.</exception>
    public static ItemMetadataResult ReadYelpBusiness(string path, int maxBadLines = 1000) =>
        Read(path, maxBadLines, "a Yelp business.json file", TryParseYelpBusiness, acceptPythonLiterals: false);

    private static ItemMetadataResult Read(string path, int maxBadLines, string format, JsonLinesFile.LineParser<ItemInfo> parse, bool acceptPythonLiterals)
    {
        var badLines = new BadLineLog(path, maxBadLines, format);
        List<ItemInfo> items = JsonLinesFile.Read(path, badLines, parse, i => i.ItemId, "item id", acceptPythonLiterals);
        return new ItemMetadataResult(items, badLines.Lines);
    }

    private static string? TryParseAmazon2014(JsonElement root, out ItemInfo? item)
    {
        item = null;
        if (JsonFields.Text(root, "asin") is not { } id)
        {
            return "missing asin";
        }

        var categories = new List<string>();
        if (root.TryGetProperty("categories", out JsonElement paths) && paths.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement categoryPath in paths.EnumerateArray())
            {
                JsonFields.AddStrings(categoryPath, categories);
            }
        }

        item = new ItemInfo(id, JsonFields.Text(root, "title"), JsonFields.Text(root, "description"), categories);
        return null;
    }

    private static string? TryParseAmazon2023(JsonElement root, out ItemInfo? item)
    {
        item = null;
        if (JsonFields.Text(root, "parent_asin") is not { } id)
        {
            return "missing parent_asin";
        }

        var categories = new List<string>();
        if (root.TryGetProperty("categories", out JsonElement list))
        {
            JsonFields.AddStrings(list, categories);
        }

        if (categories.Count == 0 && JsonFields.Text(root, "main_category") is { } main)
        {
            categories.Add(main);
        }

        item = new ItemInfo(id, JsonFields.Text(root, "title"), Description(root), categories);
        return null;
    }

    private static string? TryParseYelpBusiness(JsonElement root, out ItemInfo? item)
    {
        item = null;
        if (JsonFields.Text(root, "business_id") is not { } id)
        {
            return "missing business_id";
        }

        var categories = new List<string>();
        foreach (string category in (JsonFields.String(root, "categories") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!categories.Contains(category))
            {
                categories.Add(category);
            }
        }

        item = new ItemInfo(id, JsonFields.Text(root, "name"), null, categories);
        return null;
    }

    private static string? Description(JsonElement root)
    {
        if (!root.TryGetProperty("description", out JsonElement description))
        {
            return null;
        }

        if (description.ValueKind == JsonValueKind.String)
        {
            return JsonFields.Text(root, "description");
        }

        var paragraphs = new List<string>();
        JsonFields.AddStrings(description, paragraphs);
        return paragraphs.Count == 0 ? null : string.Join('\n', paragraphs);
    }
}
