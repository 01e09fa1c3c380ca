using Persona4Rec.Offline;

namespace Persona4Rec.CrashHost;

/// <summary>Prints "item ID" as each item reaches the checkpoint, synchronously, so the parent sees it at once.</summary>
internal sealed class LineProgress : IProgress<PersonaPipelineProgress>
{
    public void Report(PersonaPipelineProgress value)
    {
        if (value.LastItemId is not null)
        {
            Console.WriteLine($"item {value.LastItemId}");
        }
    }
}
