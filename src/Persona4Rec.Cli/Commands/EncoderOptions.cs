using System.CommandLine;
using System.Globalization;
using Persona4Rec.Onnx;

namespace Persona4Rec.Cli.Commands;

/// <summary>The options of every command that runs the local encoder: where it runs (docs/encoders.md, "On a GPU").</summary>
internal sealed class EncoderOptions
{
    private readonly Option<OnnxExecutionProvider> _provider = new("--execution-provider")
    {
        Description = "Where the local encoder runs: Cpu, Cuda (an NVIDIA GPU; the tool must be built with the Microsoft.ML.OnnxRuntime.Gpu package) or DirectML (Windows, Microsoft.ML.OnnxRuntime.DirectML).",
        DefaultValueFactory = _ => OnnxExecutionProvider.Cpu,
    };

    private readonly Option<int> _device = new("--gpu-device")
    {
        Description = "The GPU's device number for --execution-provider Cuda or DirectML.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public EncoderOptions AddTo(Command command)
    {
        command.Options.Add(_provider);
        command.Options.Add(_device);
        return this;
    }

    /// <summary>The generator's settings from the command line.</summary>
    public OnnxEmbeddingGeneratorOptions Read(ParseResult parse) => new()
    {
        ExecutionProvider = parse.GetValue(_provider),
        DeviceId = parse.GetValue(_device),
    };

    /// <summary>One line for the run summary: which model runs where.</summary>
    public static string Describe(OnnxEmbeddingGenerator generator, OnnxEmbeddingGeneratorOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"Encoder: {generator.ModelId} ({generator.Dimension}-d), execution provider {generator.ExecutionProvider}{(generator.ExecutionProvider == OnnxExecutionProvider.Cpu ? "" : $" (device {options.DeviceId})")}.");
}
