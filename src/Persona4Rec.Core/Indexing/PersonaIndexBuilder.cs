using System.Runtime.InteropServices;
using Persona4Rec.Checks;
using Persona4Rec.Indexing.Storage;

namespace Persona4Rec;

/// <summary>
/// Collects items with their personas and persona vectors, and builds an immutable
/// <see cref="PersonaIndex"/>. Vectors are validated and L2-normalised as they are added.
/// </summary>
/// <remarks>Not thread-safe: add items from one thread at a time.</remarks>
public sealed class PersonaIndexBuilder
{
    private readonly List<string> _itemIds = [];
    private readonly List<string?> _itemSummaries = [];
    private readonly List<int> _personaStart = [0];
    private readonly List<Persona> _personas = [];
    private readonly List<float> _vectors = [];

    /// <summary>Gets the most vector values the index may hold: <see cref="PersonaIndexLimits.MaxVectorValues"/>; tests lower it to reach it cheaply.</summary>
    internal long MaxVectorValues { get; init; } = PersonaIndexLimits.MaxVectorValues;
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);

    /// <summary>Initializes a builder for vectors of one dimension from one encoder.</summary>
    /// <param name="dimension">The dimension of every persona vector (at least 1).</param>
    /// <param name="encoderModelId">The encoder model that produced the vectors (stored in the index file).</param>
    /// <param name="templateId">The persona-text template the vectors were encoded with (stored in the index file).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1 or larger than <see cref="PersonaIndexLimits.MaxDimension"/>.</exception>
    /// <exception cref="ArgumentException">An identifier is null, empty or longer than <see cref="PersonaIndexLimits.MaxStringLength"/>.</exception>
    public PersonaIndexBuilder(int dimension, string encoderModelId, string templateId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, PersonaIndexLimits.MaxDimension);
        ArgumentException.ThrowIfNullOrEmpty(encoderModelId);
        ArgumentException.ThrowIfNullOrEmpty(templateId);
        CheckLength(encoderModelId, nameof(encoderModelId));
        CheckLength(templateId, nameof(templateId));
        Dimension = dimension;
        EncoderModelId = encoderModelId;
        TemplateId = templateId;
    }

    /// <summary>Gets the dimension every vector must have.</summary>
    public int Dimension { get; }

    /// <summary>Gets the encoder model identifier the index will record.</summary>
    public string EncoderModelId { get; }

    /// <summary>Gets the template identifier the index will record.</summary>
    public string TemplateId { get; }

    /// <summary>Gets the number of items added so far.</summary>
    public int ItemCount => _itemIds.Count;

    /// <summary>
    /// Encodes an item's personas (each with the item's summary, as <see cref="PersonaText"/>) and adds
    /// them: the offline step between persona generation and <see cref="Build()"/>.
    /// </summary>
    /// <param name="item">The item's summary and personas.</param>
    /// <param name="encoder">The encoder this builder was created for: same <see cref="IPersonaEncoder.Dimension"/>, <see cref="IPersonaEncoder.ModelId"/> and <see cref="IPersonaEncoder.TemplateId"/>.</param>
    /// <param name="cancellationToken">Cancels the encoding; nothing is added then.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The encoder differs from the one the builder records, or <see cref="Add"/> refuses the item.</exception>
    public async Task<PersonaIndexBuilder> AddAsync(ItemPersonas item, IPersonaEncoder encoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(encoder);
        if (encoder.Dimension != Dimension || !string.Equals(encoder.ModelId, EncoderModelId, StringComparison.Ordinal) || !string.Equals(encoder.TemplateId, TemplateId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The encoder ({encoder.ModelId}, template {encoder.TemplateId}, {encoder.Dimension} dimensions) is not the one this builder records ({EncoderModelId}, template {TemplateId}, {Dimension} dimensions).",
                nameof(encoder));
        }

        // A null or empty persona list is not encoded: Add refuses it with its own message.
        IReadOnlyList<ReadOnlyMemory<float>> vectors = item.Personas is { Count: > 0 } personas
            ? await encoder.EncodePersonasAsync([.. personas.Select(p => new PersonaText(p, item.Summary))], cancellationToken).ConfigureAwait(false)
            : [];
        return Add(item, vectors);
    }

    /// <summary>Creates a builder for the vectors of one encoder: its dimension, model and template.</summary>
    /// <param name="encoder">The encoder.</param>
    /// <returns>An empty builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoder"/> is <see langword="null"/>.</exception>
    public static PersonaIndexBuilder For(IPersonaEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
    }

    /// <summary>Adds an item with its personas and one vector per persona.</summary>
    /// <param name="item">The item's summary and personas (at least one persona, each with <see cref="Persona.ItemId"/> equal to the item's id).</param>
    /// <param name="vectors">One vector per persona, in the same order, each of length <see cref="Dimension"/>; normalised on the way in.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The item is already present, has no personas, a persona belongs to another item or repeats an id, the vector count differs from the persona count, a vector is invalid (wrong dimension, NaN/infinite, zero), or the index would exceed <see cref="PersonaIndexLimits.MaxVectorValues"/>.</exception>
    public PersonaIndexBuilder Add(ItemPersonas item, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentException.ThrowIfNullOrEmpty(item.ItemId, nameof(item));
        CheckLength(item.ItemId, nameof(item));
        IReadOnlyList<Persona> personas = item.Personas
            ?? throw new ArgumentException($"Item '{item.ItemId}' has a null persona list.", nameof(item));
        if (_ordinals.ContainsKey(item.ItemId))
        {
            throw new ArgumentException($"Item '{item.ItemId}' was already added.", nameof(item));
        }

        if (personas.Count == 0)
        {
            throw new ArgumentException(
                $"Item '{item.ItemId}' has no personas; give it at least one (for an item without reviews, a persona built from its summary).",
                nameof(item));
        }

        if (personas.Count > PersonaIndexLimits.MaxPersonasPerItem)
        {
            throw new ArgumentException(
                $"Item '{item.ItemId}' has {personas.Count} personas; at most {PersonaIndexLimits.MaxPersonasPerItem} are allowed.",
                nameof(item));
        }

        if (vectors.Count != personas.Count)
        {
            throw new ArgumentException(
                $"Item '{item.ItemId}' has {personas.Count} personas but {vectors.Count} vectors were given.", nameof(vectors));
        }

        // The index's whole vector block is one array: past this many values it cannot be built (or loaded).
        long values = ((long)_personas.Count + personas.Count) * Dimension;
        if (values > MaxVectorValues)
        {
            throw new ArgumentException(
                $"Item '{item.ItemId}' would bring the index to {(long)_personas.Count + personas.Count:N0} personas of dimension {Dimension}, {values:N0} values; an index holds at most {MaxVectorValues:N0} (about {MaxVectorValues / Dimension:N0} personas at this dimension). Split the catalogue into shards (Persona4Rec.Orleans).",
                nameof(item));
        }

        ValidatePersonas(item.ItemId, personas);
        if (item.Summary is not null)
        {
            CheckLength(item.Summary, nameof(item));
        }

        // Validate and normalise everything before touching state, so a failed Add leaves the builder unchanged.
        var normalised = new float[personas.Count * Dimension];
        for (int p = 0; p < personas.Count; p++)
        {
            try
            {
                VectorChecks.Normalize(vectors[p].Span, normalised.AsSpan(p * Dimension, Dimension), Dimension, nameof(vectors));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(
                    $"The vector of persona {personas[p].PersonaId} of item '{item.ItemId}' is invalid: {e.Message}", nameof(vectors), e);
            }
        }

        _ordinals.Add(item.ItemId, _itemIds.Count);
        _itemIds.Add(item.ItemId);
        _itemSummaries.Add(item.Summary);
        _personas.AddRange(personas);
        _vectors.AddRange(normalised);
        _personaStart.Add(_personas.Count);
        return this;
    }

    /// <summary>
    /// Adds an item whose vectors are already what the index stores (unit length, and aligned when
    /// the index is): validated like <see cref="Add"/>, then kept bit for bit, so that an index
    /// updated item by item equals one built in one go.
    /// </summary>
    internal PersonaIndexBuilder AddStored(ItemPersonas item, ReadOnlySpan<float> rows)
    {
        var vectors = new ReadOnlyMemory<float>[item.Personas.Count];
        for (int p = 0; p < vectors.Length; p++)
        {
            vectors[p] = rows.Slice(p * Dimension, Dimension).ToArray();
        }

        Add(item, vectors);
        rows.CopyTo(CollectionsMarshal.AsSpan(_vectors)[^rows.Length..]);
        return this;
    }

    /// <summary>Builds the index from the items added so far. The builder may be used again afterwards.</summary>
    /// <returns>An immutable index.</returns>
    public PersonaIndex Build() =>
        new(
            Dimension,
            EncoderModelId,
            TemplateId,
            [.. _itemIds],
            [.. _itemSummaries],
            [.. _personaStart],
            [.. _personas],
            AlignedVectorBlock.CopyOf(CollectionsMarshal.AsSpan(_vectors)),
            new Dictionary<string, int>(_ordinals, StringComparer.Ordinal));

    /// <summary>
    /// Builds the index with its scan vectors in a quantised encoding (see <see cref="VectorEncoding"/>).
    /// The builder may be used again afterwards.
    /// </summary>
    /// <param name="encoding">How to store the vectors the scan reads.</param>
    /// <param name="keepExactVectors">Whether to keep the float32 vectors as well, for exact candidate scoring and <see cref="SearchOptions.ExactRescoreCount"/>.</param>
    /// <returns>An immutable index.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="encoding"/> is not a defined value.</exception>
    public PersonaIndex Build(VectorEncoding encoding, bool keepExactVectors = false) => Build().WithEncoding(encoding, keepExactVectors);

    private static void ValidatePersonas(string itemId, IReadOnlyList<Persona> personas)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Persona? persona in personas)
        {
            if (persona is null)
            {
                throw new ArgumentException($"Item '{itemId}' has a null persona.", nameof(personas));
            }

            if (!string.Equals(persona.ItemId, itemId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Persona {persona.PersonaId} belongs to item '{persona.ItemId}' but was added to item '{itemId}'.", nameof(personas));
            }

            if (string.IsNullOrEmpty(persona.PersonaId) || !seen.Add(persona.PersonaId))
            {
                throw new ArgumentException(
                    $"Item '{itemId}' has a persona with an empty or repeated id '{persona.PersonaId}'.", nameof(personas));
            }

            if (persona.Name is null || persona.Description is null || persona.PreferenceRationale is null || persona.ReviewIds is null)
            {
                throw new ArgumentException($"Persona {persona.PersonaId} of item '{itemId}' has a null field.", nameof(personas));
            }

            CheckLength(persona.PersonaId, nameof(personas));
            CheckLength(persona.Name, nameof(personas));
            CheckLength(persona.Description, nameof(personas));
            CheckLength(persona.PreferenceRationale, nameof(personas));
            if (persona.ReviewIds.Count > PersonaIndexLimits.MaxReviewIdsPerPersona)
            {
                throw new ArgumentException(
                    $"Persona {persona.PersonaId} of item '{itemId}' cites {persona.ReviewIds.Count} reviews; at most {PersonaIndexLimits.MaxReviewIdsPerPersona} are allowed.",
                    nameof(personas));
            }

            foreach (string reviewId in persona.ReviewIds)
            {
                if (reviewId is null)
                {
                    throw new ArgumentException($"Persona {persona.PersonaId} of item '{itemId}' cites a null review id.", nameof(personas));
                }

                CheckLength(reviewId, nameof(personas));
            }
        }
    }

    private static void CheckLength(string value, string paramName)
    {
        if (value.Length > PersonaIndexLimits.MaxStringLength)
        {
            throw new ArgumentException(
                $"A text of {value.Length} characters was given; index texts are limited to {PersonaIndexLimits.MaxStringLength}.", paramName);
        }
    }
}
