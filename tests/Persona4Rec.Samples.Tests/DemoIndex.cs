using Persona4Rec.Offline;
using Persona4Rec.Onnx;

namespace Persona4Rec.Samples.Tests;

/// <summary>A quick index of the 48 demo items (one summary persona each, the real model) for samples that need one.</summary>
internal static class DemoIndex
{
    public static string DataFolder => Path.Combine(SampleProcess.RepositoryRoot, "samples", "data");

    public static async Task BuildAsync(string path, CancellationToken cancellationToken)
    {
        ItemMetadataResult items = ItemMetadataReader.ReadAmazon2014(Path.Combine(DataFolder, "demo-music-meta.jsonl"));
        using var embeddings = new OnnxEmbeddingGenerator();
        var encoder = new EmbeddingPersonaEncoder(embeddings);
        var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
        foreach (ItemInfo item in items.Items)
        {
            string summary = $"{item.Title}. {item.Description}";
            Persona persona = Persona.FromSummary(item.ItemId, summary);
            builder.Add(new ItemPersonas(item.ItemId, summary, [persona]), await encoder.EncodePersonasAsync([new PersonaText(persona, summary)], cancellationToken));
        }

        builder.Build().Save(path);
    }
}
