using System.Numerics.Tensors;

namespace Persona4Rec.Evaluation;

/// <summary>
/// The BPR-MF first stage (Rendle et al., 2009): matrix factorisation trained with the Bayesian
/// personalised ranking loss by SGD, one uniformly sampled negative per positive, with an item
/// bias. Candidates are the user's top items by score, minus the excluded ones; a user without
/// training interactions gets the items by bias (popularity-like).
/// </summary>
/// <remarks>Trained in the constructor, single-threaded and deterministic; then immutable and thread-safe.</remarks>
public sealed class BprMfCandidateSource : ICandidateSource
{
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);
    private readonly string[] _itemIds;
    private readonly float[] _userFactors;
    private readonly float[] _itemFactors;
    private readonly float[] _itemBias;
    private readonly int _factors;
    private readonly Func<string, IReadOnlySet<string>> _excluded;

    /// <summary>Trains the model on training interactions.</summary>
    /// <param name="train">The training interactions.</param>
    /// <param name="excludedForUser">The items never to propose to a user.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public BprMfCandidateSource(IEnumerable<Review> train, Func<string, IReadOnlySet<string>> excludedForUser, BprMfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(excludedForUser);
        options ??= new BprMfOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Factors, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Epochs);
        _excluded = excludedForUser;
        _factors = options.Factors;

        var pairs = new List<(int User, int Item)>();
        foreach (Review review in train)
        {
            int user = Ordinal(_users, review.UserId);
            int item = Ordinal(_items, review.ItemId);
            pairs.Add((user, item));
        }

        _itemIds = new string[_items.Count];
        foreach ((string id, int ordinal) in _items)
        {
            _itemIds[ordinal] = id;
        }

        var random = new Random(options.Seed);
        _userFactors = Initial(_users.Count * _factors, random);
        _itemFactors = Initial(_items.Count * _factors, random);
        _itemBias = new float[_items.Count];
        var positives = pairs.GroupBy(p => p.User).ToDictionary(g => g.Key, g => g.Select(p => p.Item).ToHashSet());
        if (_items.Count > 1)
        {
            Train(pairs, positives, options, random);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        IReadOnlySet<string> excluded = _excluded(userId);
        var scores = new float[_itemIds.Length];
        bool known = _users.TryGetValue(userId, out int user);
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = _itemBias[i] + (known ? TensorPrimitives.Dot(UserRow(user), ItemRow(i)) : 0);
        }

        IReadOnlyList<string> ranked = [.. Enumerable.Range(0, scores.Length)
            .Where(i => !excluded.Contains(_itemIds[i]))
            .OrderByDescending(i => scores[i])
            .ThenBy(i => _itemIds[i], StringComparer.Ordinal)
            .Take(count)
            .Select(i => _itemIds[i])];
        return Task.FromResult(ranked);
    }

    private void Train(List<(int User, int Item)> pairs, Dictionary<int, HashSet<int>> positives, BprMfOptions options, Random random)
    {
        float lr = options.LearningRate;
        float reg = options.Regularization;
        var userGradient = new float[_factors];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int step = 0; step < pairs.Count; step++)
            {
                (int u, int i) = pairs[random.Next(pairs.Count)];
                int j;
                do
                {
                    j = random.Next(_itemIds.Length);
                }
                while (positives[u].Contains(j) && positives[u].Count < _itemIds.Length);

                Span<float> pu = UserRow(u);
                Span<float> qi = ItemRow(i);
                Span<float> qj = ItemRow(j);
                float x = _itemBias[i] - _itemBias[j] + TensorPrimitives.Dot(pu, qi) - TensorPrimitives.Dot(pu, qj);
                float g = 1 / (1 + MathF.Exp(x)); // d/dx log σ(x) = 1 − σ(x) = σ(−x)

                // pu += lr (g (qi − qj) − reg pu); qi += lr (g pu − reg qi); qj += lr (−g pu − reg qj)
                TensorPrimitives.Subtract(qi, qj, userGradient);
                for (int f = 0; f < _factors; f++)
                {
                    float p = pu[f];
                    pu[f] += lr * ((g * userGradient[f]) - (reg * p));
                    qi[f] += lr * ((g * p) - (reg * qi[f]));
                    qj[f] += lr * ((-g * p) - (reg * qj[f]));
                }

                _itemBias[i] += lr * (g - (reg * _itemBias[i]));
                _itemBias[j] += lr * (-g - (reg * _itemBias[j]));
            }
        }
    }

    private Span<float> UserRow(int user) => _userFactors.AsSpan(user * _factors, _factors);

    private Span<float> ItemRow(int item) => _itemFactors.AsSpan(item * _factors, _factors);

    private static int Ordinal(Dictionary<string, int> map, string id)
    {
        if (!map.TryGetValue(id, out int ordinal))
        {
            ordinal = map.Count;
            map[id] = ordinal;
        }

        return ordinal;
    }

    private static float[] Initial(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() - 0.5) * 0.1);
        }

        return values;
    }
}
