namespace Persona4Rec.Onnx;

/// <summary>
/// Where <see cref="OnnxEmbeddingGenerator"/> runs the model. Anything other than <see cref="Cpu"/>
/// needs the matching ONNX Runtime package referenced by the host application (it carries the
/// native provider library); without it the generator's constructor throws an
/// <see cref="OnnxModelException"/> naming the package.
/// </summary>
public enum OnnxExecutionProvider
{
    /// <summary>The CPU (the default; needs nothing beyond this package).</summary>
    Cpu = 0,

    /// <summary>An NVIDIA GPU through CUDA: reference <c>Microsoft.ML.OnnxRuntime.Gpu</c> (Linux or Windows x64) and install the CUDA and cuDNN versions its release needs.</summary>
    Cuda = 1,

    /// <summary>Any DirectX 12 GPU on Windows through DirectML: reference <c>Microsoft.ML.OnnxRuntime.DirectML</c>.</summary>
    DirectML = 2,
}
