using Microsoft.Extensions.Logging;

namespace Persona4Rec.Onnx;

/// <summary>The ONNX package's log messages (event ids listed in docs/telemetry.md).</summary>
internal static partial class OnnxLog
{
    [LoggerMessage(EventId = 4001, EventName = "EncoderLoaded", Level = LogLevel.Information,
        Message = "ONNX encoder {ModelId} loaded: {Dimension} dimensions, execution provider {ExecutionProvider}")]
    public static partial void EncoderLoaded(ILogger logger, string modelId, int dimension, OnnxExecutionProvider executionProvider);
}
