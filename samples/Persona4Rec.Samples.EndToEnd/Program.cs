using System.CommandLine;
using Persona4Rec.Cli.Commands;
using Persona4Rec.Cli.Reporting;

// The Persona4Rec main job: from a review file to an evaluated, explained persona index. The
// steps live in the persona4rec tool (src/Persona4Rec.Cli, command `eval`, Reporting/MainJob.cs);
// this sample adds the bundled demo data and runs them with no arguments.
//   dotnet run -c Release --project samples/Persona4Rec.Samples.EndToEnd
// runs on the bundled demo data with the local defaults (LLM-free personas, the bundled
// all-MiniLM-L6-v2 encoder); --reviews runs it on any supported review file, for example
//   dotnet run -c Release --project samples/Persona4Rec.Samples.EndToEnd -- --reviews ../shared/data/amazon-musical-instruments/reviews.jsonl
var reviews = new Option<FileInfo?>("--reviews")
{
    Description = "Review file (.jsonl/.json, .gz accepted). Default: the bundled demo data (synthetic, see samples/data/README.md).",
};
var meta = new Option<FileInfo?>("--meta")
{
    Description = "Item metadata in the same family as --format (Amazon meta_*.json(l), Yelp business.json): titles, descriptions and categories for the item summaries. Default: the demo metadata with the demo data, none otherwise.",
};
var format = new Option<ReviewFormat>("--format")
{
    Description = "Format of --reviews.",
    DefaultValueFactory = _ => ReviewFormat.Amazon2014,
};
var output = new Option<DirectoryInfo>("--out")
{
    Description = "Output folder: persona checkpoint, index file, report.md and charts. A rerun reuses the checkpoint.",
    DefaultValueFactory = _ => new DirectoryInfo("persona4rec-output"),
};
var examples = new Option<int>("--examples")
{
    Description = "How many example users to explain.",
    DefaultValueFactory = _ => 3,
};
examples.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 0 or > 50)
    {
        result.AddError("--examples must be between 0 and 50.");
    }
});

var root = new RootCommand("Persona4Rec main job: build personas from reviews, encode them, write the index, evaluate against first stages, and explain example recommendations.")
{
    reviews, meta, format, output, examples,
};
root.SetAction((parse, cancellationToken) => new MainJob(new MainJobSettings(
    parse.GetValue(reviews),
    parse.GetValue(meta),
    parse.GetValue(format),
    parse.GetValue(output)!,
    parse.GetValue(examples))).RunAsync(cancellationToken));
return await root.Parse(args).InvokeAsync();
