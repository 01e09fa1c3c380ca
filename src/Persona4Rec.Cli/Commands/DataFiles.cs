using System.Globalization;
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
    public static ReviewFileResult ReadReviews(string path, ReviewFormat format) => format switch
    {
        ReviewFormat.Amazon2023 => ReviewFileReader.ReadAmazon2023(path),
        ReviewFormat.Yelp => ReviewFileReader.ReadYelp(path),
        _ => ReviewFileReader.ReadAmazon2014(path),
    };

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
