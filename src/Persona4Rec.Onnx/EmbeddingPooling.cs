namespace Persona4Rec.Onnx;

/// <summary>How token vectors become one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>The mean of the token vectors over the attention mask (sentence-transformers models such as all-MiniLM-L6-v2).</summary>
    Mean,

    /// <summary>The vector of the first ([CLS]) token (BGE and similar models).</summary>
    Cls,
}
