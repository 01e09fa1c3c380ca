using Microsoft.Extensions.AI;

namespace Persona4Rec.Onnx.Tests;

/// <summary>Loading a model from files, as a user with their own BERT-style model would.</summary>
public sealed class UserSuppliedModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4r-onnx-" + Guid.NewGuid().ToString("N"));

    public UserSuppliedModelTests()
    {
        Directory.CreateDirectory(_folder);
        (byte[] model, byte[] vocabulary) = BundledMiniLm.Load();
        File.WriteAllBytes(ModelPath, model);
        File.WriteAllBytes(VocabularyPath, vocabulary);
    }

    private string ModelPath => Path.Combine(_folder, "model.onnx");

    private string VocabularyPath => Path.Combine(_folder, "vocab.txt");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ModelFromFiles_GivesTheSameVectorsAsTheBundledModel()
    {
        using var fromFiles = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = ModelPath, VocabularyPath = VocabularyPath });

        float[] a = await MiniLm.EmbedAsync(fromFiles, "a clip-on chromatic tuner");
        float[] b = await MiniLm.EmbedAsync(MiniLm.Generator, "a clip-on chromatic tuner");

        Assert.Equal("model", fromFiles.ModelId);
        Assert.True(MiniLm.Cosine(a, b) > 0.99999f);
    }

    [Fact]
    public async Task ClsPooling_GivesAUnitVectorDifferentFromMeanPooling()
    {
        using var cls = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = ModelPath, VocabularyPath = VocabularyPath, Pooling = EmbeddingPooling.Cls, ModelId = "minilm-cls" });

        float[] a = await MiniLm.EmbedAsync(cls, "a clip-on chromatic tuner");
        float[] b = await MiniLm.EmbedAsync(MiniLm.Generator, "a clip-on chromatic tuner");

        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm<float>(a), 1e-5f);
        Assert.True(MiniLm.Cosine(a, b) < 0.99f);
        Assert.Equal("minilm-cls", cls.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void MissingModelFile_ThrowsFileNotFoundNamingThePath()
    {
        string missing = Path.Combine(_folder, "nope.onnx");
        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = missing, VocabularyPath = VocabularyPath }));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotOnnx_ThrowsOnnxModelException()
    {
        string bogus = Path.Combine(_folder, "bogus.onnx");
        File.WriteAllText(bogus, "this is not a model");
        var error = Assert.Throws<OnnxModelException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = bogus, VocabularyPath = VocabularyPath }));
        Assert.Contains("is not a valid ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOutputName_ThrowsListingTheOutputs()
    {
        var error = Assert.Throws<OnnxModelException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = ModelPath, VocabularyPath = VocabularyPath, OutputName = "sentence_embedding" }));
        Assert.Contains("last_hidden_state", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 32)]
    [InlineData(256, 0)]
    public void InvalidOptions_ThrowNamingTheSetting(int maxTokens, int batchSize)
    {
        var error = Assert.Throws<ArgumentException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { MaxTokens = maxTokens, BatchSize = batchSize }));
        Assert.Contains(maxTokens < 3 ? "MaxTokens" : "BatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelPathWithoutVocabulary_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = ModelPath }));
        Assert.Contains("VocabularyPath", error.Message, StringComparison.Ordinal);
    }
}
