namespace Persona4Rec.Indexing;

/// <summary>
/// Keeps the best <c>k</c> (score, item, persona) triples seen so far in a bounded min-heap whose
/// root is the worst kept entry. Ties in score go to the smaller item id (ordinal), so the result
/// does not depend on scan order.
/// </summary>
internal struct TopK
{
    private readonly float[] _scores;
    private readonly int[] _items;
    private readonly int[] _personas;
    private readonly string[] _itemIds;
    private int _count;

    public TopK(int k, string[] itemIds)
    {
        _scores = new float[k];
        _items = new int[k];
        _personas = new int[k];
        _itemIds = itemIds;
        _count = 0;
    }

    /// <summary>Gets the score an entry must beat to enter a full heap.</summary>
    public readonly float Threshold => _count < _scores.Length ? float.NegativeInfinity : _scores[0];

    public void Offer(float score, int item, int persona)
    {
        int k = _scores.Length;
        if (_count < k)
        {
            int i = _count++;
            _scores[i] = score;
            _items[i] = item;
            _personas[i] = persona;
            SiftUp(i);
        }
        else if (k > 0 && Better(score, item, _scores[0], _items[0]))
        {
            _scores[0] = score;
            _items[0] = item;
            _personas[0] = persona;
            SiftDown(0);
        }
    }

    /// <summary>Drains the heap into arrays ordered best first.</summary>
    public void DrainBestFirst(out float[] scores, out int[] items, out int[] personas)
    {
        scores = new float[_count];
        items = new int[_count];
        personas = new int[_count];
        for (int i = _count - 1; i >= 0; i--)
        {
            scores[i] = _scores[0];
            items[i] = _items[0];
            personas[i] = _personas[0];
            _count--;
            if (_count > 0)
            {
                Move(_count, 0);
                SiftDown(0);
            }
        }
    }

    private readonly bool Better(float scoreA, int itemA, float scoreB, int itemB) =>
        scoreA > scoreB || (scoreA == scoreB && string.CompareOrdinal(_itemIds[itemA], _itemIds[itemB]) < 0);

    private readonly void Move(int from, int to)
    {
        _scores[to] = _scores[from];
        _items[to] = _items[from];
        _personas[to] = _personas[from];
    }

    private readonly void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_items[a], _items[b]) = (_items[b], _items[a]);
        (_personas[a], _personas[b]) = (_personas[b], _personas[a]);
    }

    private readonly void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(_scores[parent], _items[parent], _scores[i], _items[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private readonly void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= _count)
            {
                break;
            }

            int right = left + 1;
            int worst = right < _count && Better(_scores[left], _items[left], _scores[right], _items[right]) ? right : left;
            if (!Better(_scores[i], _items[i], _scores[worst], _items[worst]))
            {
                break;
            }

            Swap(i, worst);
            i = worst;
        }
    }
}
