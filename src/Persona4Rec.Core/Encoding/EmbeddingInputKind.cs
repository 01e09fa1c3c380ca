namespace Persona4Rec;

/// <summary>
/// Tags an embedding request as a query (a user interaction) or a passage (a persona), for models
/// that prefix the two differently (E5: <c>"query: "</c>/<c>"passage: "</c>). Set
/// <c>EmbeddingGenerationOptions.AdditionalProperties[PropertyName]</c> to <see cref="Query"/> or
/// <see cref="Passage"/>; generators that do not know the key ignore it.
/// </summary>
public static class EmbeddingInputKind
{
    /// <summary>The additional-property key: <c>persona4rec.input_kind</c>.</summary>
    public const string PropertyName = "persona4rec.input_kind";

    /// <summary>The value for user-interaction texts: <c>query</c>.</summary>
    public const string Query = "query";

    /// <summary>The value for persona texts: <c>passage</c>.</summary>
    public const string Passage = "passage";
}
