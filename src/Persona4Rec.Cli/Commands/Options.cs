using System.CommandLine;

namespace Persona4Rec.Cli.Commands;

/// <summary>Options several commands share, so they read the same everywhere.</summary>
internal static class Options
{
    public static Option<FileInfo> Reviews(bool required) => new("--reviews", "-r")
    {
        Description = "Review file (.json/.jsonl, .gz accepted) in the --format format.",
        Required = required,
    };

    public static Option<ReviewFormat> Format() => new("--format", "-f")
    {
        Description = "Format of --reviews and --meta.",
        DefaultValueFactory = _ => ReviewFormat.Amazon2014,
    };

    public static Option<FileInfo?> Meta() => new("--meta")
    {
        Description = "Item metadata in the same format family (Amazon meta_*.json(l), Yelp business.json): titles and descriptions for item summaries.",
    };

    public static Option<FileInfo> Index(bool required) => new("--index", "-i")
    {
        Description = "Index file (.p4r).",
        Required = required,
    };
}
