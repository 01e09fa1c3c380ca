namespace Persona4Rec.Indexing;

/// <summary>
/// Keeps the best <c>k</c> (score, item, persona) triples seen so far in a bounded min-heap whose
/// root is the worst kept entry, in storage the caller provides (stack, pool or the caller's own
/// result buffer), so a search allocates nothing for it. Ties in score go to the smaller item id
/// (ordinal), so the result does not depend on scan order.
/// </summary>
internal ref struct TopK
{
    private readonly Span<PersonaMatch> _heap;
    private readonly string[] _itemIds;
    private int _count;

    /// <summary>Initializes an empty heap of capacity <c>storage.Length</c>.</summary>
    public TopK(Span<PersonaMatch> storage, string[] itemIds)
    {
        _heap = storage;
        _itemIds = itemIds;
        _count = 0;
    }

    /// <summary>Gets the score an entry must beat to enter a full heap.</summary>
    public readonly float Threshold => _count < _heap.Length ? float.NegativeInfinity : _heap[0].Score;

    public void Offer(float score, int item, int persona)
    {
        int k = _heap.Length;
        if (_count < k)
        {
            int i = _count++;
            _heap[i] = new PersonaMatch(item, persona, score);
            SiftUp(i);
        }
        else if (k > 0 && Better(score, item, _heap[0].Score, _heap[0].ItemOrdinal))
        {
            _heap[0] = new PersonaMatch(item, persona, score);
            SiftDown(0, _count);
        }
    }

    /// <summary>
    /// Sorts the kept entries best first in place (heapsort: the worst goes to the end first) and
    /// returns them; the heap is spent afterwards.
    /// </summary>
    public Span<PersonaMatch> SortBestFirst()
    {
        int count = _count;
        for (int end = count - 1; end > 0; end--)
        {
            (_heap[0], _heap[end]) = (_heap[end], _heap[0]);
            SiftDown(0, end);
        }

        _count = 0;
        return _heap[..count];
    }

    private readonly bool Better(float scoreA, int itemA, float scoreB, int itemB) =>
        scoreA > scoreB || (scoreA == scoreB && string.CompareOrdinal(_itemIds[itemA], _itemIds[itemB]) < 0);

    private readonly bool Better(in PersonaMatch a, in PersonaMatch b) => Better(a.Score, a.ItemOrdinal, b.Score, b.ItemOrdinal);

    private readonly void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(_heap[parent], _heap[i]))
            {
                break;
            }

            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    /// <summary>Restores the heap below <paramref name="i"/> among the first <paramref name="count"/> entries.</summary>
    private readonly void SiftDown(int i, int count)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= count)
            {
                break;
            }

            int right = left + 1;
            int worst = right < count && Better(_heap[left], _heap[right]) ? right : left;
            if (!Better(_heap[i], _heap[worst]))
            {
                break;
            }

            (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
            i = worst;
        }
    }
}
