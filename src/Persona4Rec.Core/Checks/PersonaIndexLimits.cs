namespace Persona4Rec;

/// <summary>
/// Hard limits of the index and its file format. They bound what a loader will allocate for a
/// hostile file, and the builder enforces them so that every index it builds can be saved and loaded.
/// </summary>
public static class PersonaIndexLimits
{
    /// <summary>The largest vector dimension: 65,536.</summary>
    public const int MaxDimension = 1 << 16;

    /// <summary>The most personas one item may have: 4,096.</summary>
    public const int MaxPersonasPerItem = 4096;

    /// <summary>The most review ids one persona may cite: 4,096.</summary>
    public const int MaxReviewIdsPerPersona = 4096;

    /// <summary>The longest text (id, name, description, rationale, summary) in characters: 1,048,576.</summary>
    public const int MaxStringLength = 1 << 20;

    /// <summary>The most floats all persona vectors may hold together (2^31 − 64), the limit of one .NET array.</summary>
    public const long MaxVectorValues = int.MaxValue - 64;

    /// <summary>
    /// The most values (rank × dimension) one matrix of an <see cref="AlignmentLayer"/> may hold:
    /// 2^26, so a full-rank layer fits up to dimension 8,192.
    /// </summary>
    public const long MaxAlignmentValues = 1 << 26;
}
