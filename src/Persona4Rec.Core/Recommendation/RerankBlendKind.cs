namespace Persona4Rec;

/// <summary>What a <see cref="RerankBlend"/> learned on validation.</summary>
public enum RerankBlendKind
{
    /// <summary>The first stage's order alone: on the validation data no blend beat it.</summary>
    FirstStageOnly,

    /// <summary>A convex weight between the first stage's rank and the rank by persona score, chosen on a grid.</summary>
    Convex,

    /// <summary>A linear model over all blend features, fitted with a pairwise logistic loss.</summary>
    Pairwise,
}
