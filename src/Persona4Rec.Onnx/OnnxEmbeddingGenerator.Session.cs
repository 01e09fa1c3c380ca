using Microsoft.ML.OnnxRuntime;

namespace Persona4Rec.Onnx;

/// <content>The ONNX Runtime session settings and the execution provider.</content>
public sealed partial class OnnxEmbeddingGenerator
{
    /// <summary>ONNX Runtime's defaults, kept: each alternative measured slower (benchmarks/README.md, "Real reviews of mixed length").</summary>
    private static SessionOptions CreateSessionOptions(OnnxEmbeddingGeneratorOptions options)
    {
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            if (options.IntraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
            }

            AppendExecutionProvider(sessionOptions, options.ExecutionProvider, options.DeviceId);
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds the GPU provider ahead of the CPU one (ONNX Runtime always keeps the CPU provider as a
    /// fallback for nodes the GPU provider does not take).
    /// </summary>
    private static void AppendExecutionProvider(SessionOptions sessionOptions, OnnxExecutionProvider provider, int deviceId)
    {
        try
        {
            switch (provider)
            {
                case OnnxExecutionProvider.Cpu:
                    break;
                case OnnxExecutionProvider.Cuda:
                    sessionOptions.AppendExecutionProvider_CUDA(deviceId);
                    break;
                case OnnxExecutionProvider.DirectML:
                    sessionOptions.AppendExecutionProvider_DML(deviceId);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(provider), provider, $"ExecutionProvider is {provider}; it must be Cpu, Cuda or DirectML.");
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // The CPU-only Microsoft.ML.OnnxRuntime package has no such provider: say which package has it.
            throw new OnnxModelException(
                $"The {provider} execution provider (device {deviceId}) is not in this build of ONNX Runtime: {ProviderPackage(provider)} ({e.Message})", e);
        }
        catch (OnnxRuntimeException e)
        {
            // The GPU build is there, but its provider library or the libraries it needs (CUDA, cuDNN, a driver) did not load.
            throw new OnnxModelException(
                $"The {provider} execution provider (device {deviceId}) could not be loaded: install what that ONNX Runtime release needs (for Cuda: its CUDA and cuDNN versions and an NVIDIA driver), or use ExecutionProvider Cpu ({OneLine(e.Message)})", e);
        }
    }

    private static string ProviderPackage(OnnxExecutionProvider provider) => provider switch
    {
        OnnxExecutionProvider.Cuda => "reference the package 'Microsoft.ML.OnnxRuntime.Gpu' (the GPU build, in place of the CPU build 'Microsoft.ML.OnnxRuntime'), or use ExecutionProvider Cpu",
        _ => "reference the package 'Microsoft.ML.OnnxRuntime.DirectML' (Windows only, in place of the CPU build 'Microsoft.ML.OnnxRuntime'), or use ExecutionProvider Cpu",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
