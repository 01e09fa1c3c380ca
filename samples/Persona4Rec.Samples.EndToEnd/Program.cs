using System.CommandLine;
using Persona4Rec.Cli.Commands;

// The Persona4Rec main job: from a review file to an evaluated, explained persona index.
//   dotnet run -c Release --project samples/Persona4Rec.Samples.EndToEnd
// runs on the bundled demo data with the local defaults (LLM-free personas, the bundled
// all-MiniLM-L6-v2 encoder); --reviews runs it on any supported review file, for example
//   dotnet run -c Release --project samples/Persona4Rec.Samples.EndToEnd -- --reviews ../shared/data/amazon-musical-instruments/reviews.jsonl
// The steps are the persona4rec tool's `eval` command (src/Persona4Rec.Cli, Reporting/MainJob.cs);
// this sample ships the demo data and makes --reviews optional. --help lists every option.
var root = new RootCommand("Persona4Rec main job. " + EvalCommand.Description);
EvalCommand.Configure(root, requireReviews: false);
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
