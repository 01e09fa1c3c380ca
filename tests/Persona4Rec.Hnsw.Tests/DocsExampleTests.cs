namespace Persona4Rec.Hnsw.Tests;

/// <summary>The example of docs/approximate-search.md, which DocsSnippetTests keeps in step with this file.</summary>
public sealed class DocsExampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("p4r-hnsw-docs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheDocumentedExample_RunsAsWritten()
    {
        var catalogue = new ClusteredCatalogue(items: 800, personasPerItem: 4, dimension: 32, seed: 31);
        string indexPath = Path.Combine(_folder, "catalogue.p4r");
        string graphPath = Path.Combine(_folder, "catalogue.hnsw");
        catalogue.Index.Save(indexPath);
        List<ReadOnlyMemory<float>> sampleUserVectors = catalogue.Users(50);
        float[] userVector = sampleUserVectors[0].ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal) { catalogue.Index.GetItemId(0) };
        var reports = new List<double>();
        IProgress<double> progress = new Progress<double>(reports.Add);

        PersonaIndex index = PersonaIndex.OpenMapped(indexPath);

        // Offline (minutes for a million personas: USearch inserts on one thread):
        using (HnswPersonaIndex built = HnswPersonaIndex.Build(index, new HnswOptions(), progress, TestContext.Current.CancellationToken))
        {
            built.Save(graphPath);
        }

        // At start-up:
        using HnswPersonaIndex ann = HnswPersonaIndex.Load(graphPath, index);
        ScoredItem[] top = ann.Search(userVector, 10, new SearchOptions { ExcludeItemIds = seen });

        // Check recall on a sample of your own users before you switch:
        HnswRecall recall = ann.MeasureRecall(sampleUserVectors, k: 10);

        Assert.Equal(10, top.Length);
        Assert.DoesNotContain(top, s => seen.Contains(s.ItemId));
        Assert.True(recall.Mean >= 0.9, $"recall@10 {recall.Mean:F3}");
    }
}
