namespace Persona4Rec.Tests.Support;

/// <summary>Tests that measure the whole process (allocations of every thread) run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
