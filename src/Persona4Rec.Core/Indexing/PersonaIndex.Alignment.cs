using System.Globalization;
using Persona4Rec.Indexing.Storage;

namespace Persona4Rec;

/// <content>The optional trained alignment layer (docs/index-format.md, version 2).</content>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Gets the alignment layer, or <see langword="null"/> for a vanilla index. When present, the
    /// stored persona vectors are already aligned (W p / ‖W p‖), and every user vector given to
    /// <see cref="Score"/>, <see cref="ScoreOrdinals"/>, <see cref="Search(ReadOnlySpan{float}, int, SearchOptions?)"/> and the batch forms is
    /// aligned the same way before scoring, so callers pass the same profile vectors as to a vanilla index.
    /// </summary>
    public AlignmentLayer? Alignment { get; }

    /// <summary>
    /// Returns a copy of this vanilla index with an alignment layer: every persona vector is
    /// replaced by W p / ‖W p‖, and user vectors are aligned on the fly. Items, personas and texts
    /// are shared with this index, not copied.
    /// </summary>
    /// <param name="layer">The trained layer, of this index's dimension.</param>
    /// <returns>The aligned index; <see cref="Save"/> stores the layer with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The layer's dimension differs from the index's, or it maps a persona vector to zero.</exception>
    /// <exception cref="InvalidOperationException">This index is already aligned (align the vanilla index instead), or is not a float32 index.</exception>
    public PersonaIndex WithAlignment(AlignmentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Dimension != Dimension)
        {
            throw new ArgumentException($"The layer has dimension {layer.Dimension}; this index has {Dimension}.", nameof(layer));
        }

        if (_encoded is not null || _vectors is null)
        {
            throw new InvalidOperationException($"This index scans {VectorEncoding} vectors; align the float32 index, then re-encode it with {nameof(WithEncoding)}.");
        }

        if (Alignment is not null)
        {
            throw new InvalidOperationException("This index already has an alignment layer, and an aligned index stores only its aligned vectors: apply the new layer to the vanilla index it was made from (persona4rec eval --train-alignment keeps it as personas.p4r beside personas-aligned.p4r).");
        }

        var aligned = AlignedVectorBlock.CopyOf(_vectors.Span);
        for (int p = 0; p < PersonaCount; p++)
        {
            try
            {
                layer.ApplyToUnit(aligned.Span.Slice(p * Dimension, Dimension), nameof(layer));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Persona vector {p}: {e.Message}"), nameof(layer), e);
            }
        }

        return new PersonaIndex(
            Dimension, EncoderModelId, TemplateId, _itemIds, _itemSummaries, _personaStart, _personas, aligned, _ordinals, _personaTexts, layer);
    }
}
