using System.Numerics.Tensors;
using Persona4Rec.Checks;

namespace Persona4Rec;

/// <summary>
/// A user's profile for online scoring: the cached vectors of their last L interactions, newest
/// first, and the recency-weighted mean e_u = Σ γ^(l−1)·e_l / Σ γ^(l−1) (l = 1 is the newest).
/// Adding an interaction needs only its own vector: the history is never re-encoded.
/// </summary>
/// <remarks>
/// <para>
/// A user with no interactions has no vector: <see cref="IsEmpty"/> is <see langword="true"/> and
/// <see cref="CopyVectorTo"/> throws. Serve such users from the first stage alone (its own order)
/// until they have history; there is nothing personal for personas to match.
/// </para>
/// <para>Not thread-safe: one writer at a time; readers must not overlap a write.</para>
/// </remarks>
public sealed class UserProfile
{
    private readonly List<(UserInteraction Interaction, float[] Vector)> _recent = [];
    private readonly HashSet<string> _itemIds = new(StringComparer.Ordinal);
    private readonly float[] _vector;
    private readonly int _maxInteractions;
    private readonly float _gamma;

    /// <summary>Creates an empty profile.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="dimension">The dimension of interaction vectors (the encoder's).</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The user id is empty, or an option is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1.</exception>
    public UserProfile(string userId, int dimension, UserProfileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        options ??= new UserProfileOptions();
        if (options.MaxInteractions < 1)
        {
            throw new ArgumentException($"MaxInteractions is {options.MaxInteractions}; it must be at least 1.", nameof(options));
        }

        if (!(options.Gamma > 0 && options.Gamma <= 1))
        {
            throw new ArgumentException($"Gamma is {options.Gamma}; it must be in (0, 1].", nameof(options));
        }

        UserId = userId;
        Dimension = dimension;
        _maxInteractions = options.MaxInteractions;
        _gamma = options.Gamma;
        _vector = new float[dimension];
    }

    /// <summary>Gets the user.</summary>
    public string UserId { get; }

    /// <summary>Gets the vector dimension.</summary>
    public int Dimension { get; }

    /// <summary>Gets whether the profile has no interactions (and so no vector).</summary>
    public bool IsEmpty => _recent.Count == 0;

    /// <summary>Gets every item the user has interacted with (not only the last L): recommendations exclude them.</summary>
    public IReadOnlySet<string> ItemIds => _itemIds;

    /// <summary>Returns whether the user has interacted with an item.</summary>
    /// <param name="itemId">The item.</param>
    /// <returns><see langword="true"/> when an interaction with the item was added.</returns>
    public bool HasInteractedWith(string itemId) => _itemIds.Contains(itemId);

    /// <summary>Gets the interactions the profile averages, newest first (at most L).</summary>
    public IReadOnlyList<UserInteraction> Interactions => _recent.Select(r => r.Interaction).ToArray();

    /// <summary>
    /// Adds an interaction with its (already encoded) vector and updates the profile. Interactions
    /// are ordered by time, so an older one lands in its place; one older than the L kept is ignored.
    /// On equal times the one added later counts as newer.
    /// </summary>
    /// <param name="interaction">The interaction; its user must be this profile's user.</param>
    /// <param name="vector">Its vector, of length <see cref="Dimension"/>; normalised and copied.</param>
    /// <returns><see langword="true"/> when the interaction is among the L most recent and was kept.</returns>
    /// <exception cref="ArgumentException">The interaction belongs to another user, or the vector has the wrong dimension, a non-finite value or zero length.</exception>
    public bool Add(UserInteraction interaction, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (!string.Equals(interaction.UserId, UserId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The interaction belongs to user '{interaction.UserId}', not '{UserId}'.", nameof(interaction));
        }

        var unit = new float[Dimension];
        VectorChecks.Normalize(vector, unit, Dimension, nameof(vector));
        _itemIds.Add(interaction.ItemId);

        // Newest first: insert before the first entry that is strictly older.
        int position = _recent.FindIndex(r => r.Interaction.Timestamp < interaction.Timestamp);
        position = position < 0 ? _recent.Count : position;
        if (position >= _maxInteractions)
        {
            return false;
        }

        _recent.Insert(position, (interaction, unit));
        if (_recent.Count > _maxInteractions)
        {
            _recent.RemoveAt(_recent.Count - 1);
        }

        Recompute();
        return true;
    }

    /// <summary>Copies the profile vector (the weighted mean, not normalised) to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Dimension"/> floats.</param>
    /// <exception cref="InvalidOperationException">The profile is empty (see the remarks).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyVectorTo(Span<float> destination)
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException($"User '{UserId}' has no interactions yet, so there is no profile vector; rank their candidates by the first stage alone.");
        }

        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the profile has {Dimension}.", nameof(destination));
        }

        _vector.CopyTo(destination);
    }

    private void Recompute()
    {
        Array.Clear(_vector);
        float weight = 1;
        float total = 0;
        foreach ((_, float[] vector) in _recent)
        {
            TensorPrimitives.MultiplyAdd(vector, weight, _vector, _vector);
            total += weight;
            weight *= _gamma;
        }

        TensorPrimitives.Divide(_vector, total, _vector);
    }
}
