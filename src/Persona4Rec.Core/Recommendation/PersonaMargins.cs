using System.Numerics.Tensors;

namespace Persona4Rec;

/// <summary>How far an item's best persona is ahead of its second best, for the blend's margin feature.</summary>
internal static class PersonaMargins
{
    /// <summary>
    /// Best minus second-best persona score of each scored item (0 for an item with one persona).
    /// Needs the concrete <see cref="PersonaIndex"/>; any other index gives 0 for every item.
    /// </summary>
    public static float[] Compute(IPersonaIndex index, ReadOnlySpan<float> userVector, IReadOnlyList<ScoredItem> scored)
    {
        var margins = new float[scored.Count];
        if (index is not PersonaIndex personas || scored.Count == 0)
        {
            return margins;
        }

        var query = new float[personas.Dimension];
        var persona = new float[personas.Dimension];
        personas.PrepareQuery(userVector, query);
        for (int i = 0; i < scored.Count; i++)
        {
            if (!personas.TryGetItemOrdinal(scored[i].ItemId, out int item))
            {
                continue;
            }

            (int first, int length) = personas.GetPersonaOrdinals(item).GetOffsetAndLength(personas.PersonaCount);
            if (length < 2)
            {
                continue;
            }

            float best = float.NegativeInfinity;
            float second = float.NegativeInfinity;
            for (int p = first; p < first + length; p++)
            {
                personas.CopyPersonaVector(p, persona);
                float dot = TensorPrimitives.Dot(query, persona);
                if (dot > best)
                {
                    second = best;
                    best = dot;
                }
                else if (dot > second)
                {
                    second = dot;
                }
            }

            margins[i] = best - second;
        }

        return margins;
    }
}
