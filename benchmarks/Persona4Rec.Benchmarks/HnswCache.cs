using System.Diagnostics;
using Persona4Rec.Hnsw;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Graphs built once and reused: USearch inserts on one thread, so a million-persona graph takes
/// longer than BenchmarkDotNet lets an in-process set-up run. Build it first with
/// <c>dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- hnsw-cache 1000000</c>;
/// set-ups then load it from BenchmarkDotNet.Artifacts/hnsw-cache.
/// </summary>
internal static class HnswCache
{
    public const int PersonasPerItem = 7;
    public const int Dimension = 384;

    public static HnswPersonaIndex LoadOrBuild(PersonaIndex index, CatalogueShape shape)
    {
        string folder = Directory.CreateDirectory(Path.Combine("BenchmarkDotNet.Artifacts", "hnsw-cache")).FullName;
        string path = Path.Combine(folder, $"{shape.Name}-{index.PersonaCount}-{index.Dimension}-m16-ef64-int8.hnsw");
        if (File.Exists(path))
        {
            return HnswPersonaIndex.Load(path, index);
        }

        var clock = Stopwatch.StartNew();
        HnswPersonaIndex graph = HnswPersonaIndex.Build(index);
        Console.WriteLine($"// {shape.Name}: HNSW graph of {index.PersonaCount:N0} personas built in {clock.Elapsed.TotalSeconds:F0} s (one thread); saved to {path}");
        graph.Save(path);
        return graph;
    }

    /// <summary>The <c>hnsw-cache PERSONAS [SHAPE]</c> command: builds and saves the graph for a catalogue size.</summary>
    public static void Prepare(int personas, string shapeName)
    {
        CatalogueShape shape = new[] { CatalogueShape.Topical, CatalogueShape.ReviewLike, CatalogueShape.Uniform }.Single(s => s.Name == shapeName);
        var clock = Stopwatch.StartNew();
        var catalogue = new ClusteredCatalogue(personas / PersonasPerItem, PersonasPerItem, Dimension, shape);
        Console.WriteLine($"// {shape.Name}: catalogue of {personas:N0} personas generated in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        using HnswPersonaIndex graph = LoadOrBuild(catalogue.Index, shape);
        Console.WriteLine($"// {shape.Name}: graph ready after {clock.Elapsed.TotalSeconds:F0} s");
    }
}
