namespace Persona4Rec;

/// <summary>Incremental updates: add, replace or remove items without re-encoding the catalogue.</summary>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Returns a new index with items added, replaced and removed; this index is unchanged (queries
    /// running on it are unaffected; swap the new one in with <see cref="PersonaIndexProvider"/>
    /// and persist it with <see cref="Save"/>, which is atomic). Only the changed items' vectors are
    /// given: every other item keeps its stored vectors bit for bit, so the result is identical to
    /// building the final catalogue in one go (same scores, same saved bytes). A replaced item keeps
    /// its position; new items go after the existing ones, in the order given.
    /// </summary>
    /// <remarks>
    /// Cost: one copy of the vector block (memory bandwidth, about 0.1 s per GB), no encoding.
    /// Batch many changes into one call. When the index has an <see cref="Alignment"/> layer, the
    /// given vectors are encoder outputs and are aligned on the way in, like the existing ones. A
    /// quantised index is updated through its float32 copy (build it with
    /// <c>keepExactVectors: true</c>) and encoded again, as a full rebuild would be.
    /// </remarks>
    /// <param name="upserts">Items to add or replace, each with one encoder vector per persona.</param>
    /// <param name="removals">Ids of items to remove, or <see langword="null"/>.</param>
    /// <returns>The updated index.</returns>
    /// <exception cref="UnknownItemException">A removed id is not in the index.</exception>
    /// <exception cref="InvalidOperationException">The index is quantised and keeps no float32 vectors.</exception>
    /// <exception cref="ArgumentException">An item id appears twice among the changes, is both upserted and removed, the last item would be removed, or an item or vector is invalid (as for <see cref="PersonaIndexBuilder.Add"/>).</exception>
    public PersonaIndex WithChanges(
        IEnumerable<(ItemPersonas Item, IReadOnlyList<ReadOnlyMemory<float>> Vectors)> upserts,
        IEnumerable<string>? removals = null)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        var changes = new Dictionary<string, (ItemPersonas Item, IReadOnlyList<ReadOnlyMemory<float>> Vectors)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach ((ItemPersonas item, IReadOnlyList<ReadOnlyMemory<float>> vectors) in upserts)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(upserts));
            if (!changes.TryAdd(item.ItemId, (item, vectors)))
            {
                throw new ArgumentException($"Item '{item.ItemId}' appears twice among the changes.", nameof(upserts));
            }

            order.Add(item.ItemId);
        }

        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in removals ?? [])
        {
            ArgumentNullException.ThrowIfNull(id, nameof(removals));
            if (changes.ContainsKey(id) || !removed.Add(id))
            {
                throw new ArgumentException($"Item '{id}' is removed twice or both removed and upserted.", nameof(removals));
            }
        }

        string[] unknown = [.. removed.Where(id => !ContainsItem(id))];
        if (unknown.Length > 0)
        {
            throw new UnknownItemException(unknown, nameof(removals));
        }

        if (_vectors is null)
        {
            throw new InvalidOperationException(
                $"This index keeps only its {VectorEncoding} vectors; updating it needs the float32 vectors: build it with keepExactVectors: true, or update the float32 index and encode the result.");
        }

        var builder = new PersonaIndexBuilder(Dimension, EncoderModelId, TemplateId);
        for (int item = 0; item < ItemCount; item++)
        {
            string id = _itemIds[item];
            if (removed.Contains(id))
            {
                continue;
            }

            if (changes.Remove(id, out var replacement))
            {
                AddChanged(builder, replacement.Item, replacement.Vectors);
                continue;
            }

            int start = _personaStart[item], end = _personaStart[item + 1];
            Persona[] personas = [.. Enumerable.Range(start, end - start).Select(GetPersona)];
            builder.AddStored(new ItemPersonas(id, ItemSummaryAt(item), personas), _vectors.Span.Slice(start * Dimension, (end - start) * Dimension));
        }

        foreach (string id in order.Where(changes.ContainsKey))
        {
            AddChanged(builder, changes[id].Item, changes[id].Vectors);
        }

        if (builder.ItemCount == 0)
        {
            throw new ArgumentException("The changes would remove every item; an index holds at least one.", nameof(removals));
        }

        PersonaIndex built = builder.Build();
        PersonaIndex updated = Alignment is null
            ? built
            : new PersonaIndex(Dimension, EncoderModelId, TemplateId, built._itemIds, built._itemSummaries, built._personaStart, built._personas, built._vectors, built._ordinals, null, Alignment);
        return _encoded is null ? updated : updated.WithEncoding(VectorEncoding, keepExactVectors: true);
    }

    /// <summary>Returns a new index with one item added, or replaced if its id is present (see <see cref="WithChanges"/>).</summary>
    /// <param name="item">The item and its personas.</param>
    /// <param name="vectors">One encoder vector per persona.</param>
    /// <returns>The updated index.</returns>
    public PersonaIndex WithItem(ItemPersonas item, IReadOnlyList<ReadOnlyMemory<float>> vectors) => WithChanges([(item, vectors)]);

    /// <summary>Returns a new index without one item (see <see cref="WithChanges"/>).</summary>
    /// <param name="itemId">The item to remove.</param>
    /// <returns>The updated index.</returns>
    /// <exception cref="UnknownItemException">The item is not in the index.</exception>
    public PersonaIndex WithoutItem(string itemId) => WithChanges([], [itemId]);

    private void AddChanged(PersonaIndexBuilder builder, ItemPersonas item, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        if (Alignment is null)
        {
            builder.Add(item, vectors);
            return;
        }

        ArgumentNullException.ThrowIfNull(vectors);
        var rows = new float[vectors.Count * Dimension];
        for (int p = 0; p < vectors.Count; p++)
        {
            Alignment.Apply(vectors[p].Span, rows.AsSpan(p * Dimension, Dimension));
        }

        builder.AddStored(item, rows);
    }
}
