using Spectre.Console;
using Spectre.Console.Rendering;

namespace Persona4Rec.Cli.Reporting;

/// <summary>A progress column with the step's rate in its own unit and the time left (<see cref="Throughput"/>).</summary>
internal sealed class ThroughputColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(Throughput.Describe(task.Value, task.MaxValue, task.Speed, unit), new Style(Color.Grey));
}
