using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>Loading (and memory-mapping) a 100,000-item × 7-persona × 384-d index file against reading the same bytes.</summary>
[MedianColumn]
public class LoadBenchmarks
{
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "p4r-bench-100k.p4r");
        SyntheticIndex.Create(items: 100_000, personasPerItem: 7, dimension: 384).Save(_path);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "File.ReadAllBytes (same file)")]
    public int ReadAllBytes() => File.ReadAllBytes(_path).Length;

    [Benchmark(Description = "PersonaIndex.Load")]
    public int Load() => PersonaIndex.Load(_path).PersonaCount;

    [Benchmark(Description = "PersonaIndex.OpenMapped")]
    public int OpenMapped() => PersonaIndex.OpenMapped(_path).PersonaCount;
}
