using System.CommandLine;
using Persona4Rec.Cli.Commands;
using Spectre.Console;

// persona4rec: the offline steps and checks of Persona4Rec from the command line (docs/cli.md).
// Redirected output (a log file, CI, a pipe) keeps each message on one line, so it can be grepped:
// Spectre would wrap it at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 1000;
}

var root = new RootCommand("persona4rec — personas from reviews, index files, explained recommendations and evaluation reports. Exit codes: 0 success, 1 invalid arguments or input, 2 some items failed, 130 cancelled.")
{
    PersonasCommand.Create(),
    IndexCommand.Create(),
    RecommendCommand.Create(),
    EvalCommand.Create(),
    InspectCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
