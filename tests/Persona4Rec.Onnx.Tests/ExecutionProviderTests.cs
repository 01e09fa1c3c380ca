using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Persona4Rec.Onnx.Tests;

/// <summary>
/// The execution provider option on a CPU-only machine: the CPU default works and is reported; a GPU
/// provider without its ONNX Runtime package fails at construction with a message naming the package.
/// </summary>
public sealed class ExecutionProviderTests
{
    [Fact]
    public void Default_IsCpu()
    {
        Assert.Equal(OnnxExecutionProvider.Cpu, new OnnxEmbeddingGeneratorOptions().ExecutionProvider);
        Assert.Equal(OnnxExecutionProvider.Cpu, MiniLm.Generator.ExecutionProvider);
    }

    [Theory]
    [InlineData(OnnxExecutionProvider.Cuda, "Microsoft.ML.OnnxRuntime.Gpu")]
    [InlineData(OnnxExecutionProvider.DirectML, "Microsoft.ML.OnnxRuntime.DirectML")]
    public void GpuProvider_WithTheCpuOnlyPackage_ThrowsNamingThePackage(OnnxExecutionProvider provider, string package)
    {
        var error = Assert.Throws<OnnxModelException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ExecutionProvider = provider }));

        Assert.Contains($"'{package}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"The {provider} execution provider (device 0) is not in this build of ONNX Runtime", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void DocsExample_OnThisCpuOnlyBuild_ThrowsNamingTheGpuPackage()
    {
        // The snippet of docs/encoders.md ("On a GPU"), checked by DocsSnippetTests.
        var error = Assert.Throws<OnnxModelException>(() =>
        {
            var options = new OnnxEmbeddingGeneratorOptions { ExecutionProvider = OnnxExecutionProvider.Cuda, DeviceId = 0 }; // or DirectML (Windows)
            using var embeddings = new OnnxEmbeddingGenerator(options); // without the GPU package: OnnxModelException naming it
        });
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeDeviceId_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ExecutionProvider = OnnxExecutionProvider.Cuda, DeviceId = -1 }));
        Assert.Contains("DeviceId is -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedProvider_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ExecutionProvider = (OnnxExecutionProvider)42 }));
        Assert.Contains("ExecutionProvider is 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersona4RecOnnx_WithALoggerFactory_LogsTheModelAndProvider()
    {
        var loggers = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(loggers);
        services.AddPersona4RecOnnx(o => o.IntraOpThreads = 1);
        using ServiceProvider provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        (string category, EventId id, string message) = Assert.Single(loggers.Entries);
        Assert.Equal(typeof(OnnxEmbeddingGenerator).FullName, category);
        Assert.Equal(new EventId(4001, "EncoderLoaded"), id);
        Assert.Equal("ONNX encoder sentence-transformers/all-MiniLM-L6-v2 loaded: 384 dimensions, execution provider Cpu", message);
    }

    /// <summary>A hand-written logger factory that keeps every entry.</summary>
    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public List<(string Category, EventId Id, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Entries)
                {
                    owner.Entries.Add((category, eventId, formatter(state, exception)));
                }
            }
        }
    }
}
