using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Loading and memory-mapping a 142,858-item × 7-persona (1,000,006 personas) × 384-d index file
/// against reading the same bytes. OpenMapped reads the header, item ids, persona counts and text
/// block checksums; texts and vectors are paged in on first use.
/// </summary>
[MedianColumn]
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private const int Items = 142_858;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "p4r-bench-1m.p4r");
        SyntheticIndex.Create(items: Items, personasPerItem: 7, dimension: 384).Save(_path);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "File.ReadAllBytes (same file)")]
    public int ReadAllBytes() => File.ReadAllBytes(_path).Length;

    [Benchmark(Description = "PersonaIndex.Load")]
    public int Load() => PersonaIndex.Load(_path).PersonaCount;

    [Benchmark(Description = "PersonaIndex.OpenMapped")]
    public int OpenMapped() => PersonaIndex.OpenMapped(_path).PersonaCount;

    [Benchmark(Description = "OpenMapped + first explanation")]
    public string OpenMappedAndExplain()
    {
        PersonaIndex index = PersonaIndex.OpenMapped(_path);
        return index.GetPersonas(index.GetItemId(Items / 2))[3].Name;
    }
}
