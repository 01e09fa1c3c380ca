namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// The persona texts and item summaries of a loaded or mapped index, decoded into records on first
/// use: a catalogue of a million personas then opens without allocating millions of strings.
/// </summary>
internal abstract class PersonaTextStore
{
    /// <summary>Decodes one persona's texts.</summary>
    /// <exception cref="PersonaIndexFormatException">The stored record is damaged (only for stores read on demand).</exception>
    public abstract Persona Decode(int personaOrdinal, string itemId);

    /// <summary>Gets one item's summary.</summary>
    /// <exception cref="PersonaIndexFormatException">The stored record is damaged (only for stores read on demand).</exception>
    public abstract string? Summary(int item);
}
