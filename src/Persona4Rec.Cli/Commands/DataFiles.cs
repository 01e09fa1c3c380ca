using System.Globalization;
using Persona4Rec.Offline;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary>The review formats the tool reads.</summary>
public enum ReviewFormat
{
    /// <summary>Amazon Reviews 2014 JSON lines (and meta_*.json for --meta).</summary>
    Amazon2014,

    /// <summary>Amazon Reviews 2023 JSON lines (and meta_*.jsonl).</summary>
    Amazon2023,

    /// <summary>Yelp Open Dataset review.json (and business.json).</summary>
    Yelp,
}

/// <summary>Reading review and metadata files by format, and showing their bad lines.</summary>
internal static class DataFiles
{
    /// <summary>Reads a review file; a file with no readable review is an error that says what was found, never an empty success.</summary>
    public static ReviewFileResult ReadReviews(string path, ReviewFormat format)
    {
        ReviewFileResult result = format switch
        {
            ReviewFormat.Amazon2023 => ReviewFileReader.ReadAmazon2023(path),
            ReviewFormat.Yelp => ReviewFileReader.ReadYelp(path),
            _ => ReviewFileReader.ReadAmazon2014(path),
        };
        if (result.Reviews.Count == 0)
        {
            string found = result.BadLines.Count == 0
                ? "no lines at all (an empty file, or only blank lines)"
                : string.Create(CultureInfo.InvariantCulture, $"{result.BadLines.Count} bad lines, the first at line {result.BadLines[0].LineNumber}: {result.BadLines[0].Reason}");
            throw new InvalidDataException($"'{path}' has no readable {format} review: found {found}. Is --format right?");
        }

        return result;
    }

    public static Dictionary<string, ItemInfo> ReadMetadata(string path, ReviewFormat format)
    {
        ItemMetadataResult result = format switch
        {
            ReviewFormat.Amazon2023 => ItemMetadataReader.ReadAmazon2023(path),
            ReviewFormat.Yelp => ItemMetadataReader.ReadYelpBusiness(path),
            _ => ItemMetadataReader.ReadAmazon2014(path),
        };
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{Path.GetFileName(path)}[/]: metadata of {result.Items.Count:N0} items, {result.BadLines.Count} bad lines.");
        ShowBadLines(result.BadLines);
        return result.Items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
    }

    public static void ShowBadLines(IReadOnlyList<BadLine> badLines)
    {
        foreach (BadLine bad in badLines.Take(5))
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]line {bad.LineNumber}:[/] {bad.Reason}");
        }

        if (badLines.Count > 5)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]... and {badLines.Count - 5} more bad lines[/]");
        }
    }
}
