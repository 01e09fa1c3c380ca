namespace Persona4Rec;

/// <summary>
/// Builds and updates <see cref="UserProfile"/>s with an <see cref="IPersonaEncoder"/>: each
/// interaction is encoded once (item summary + the user's aspects, or their review text) and its
/// vector is cached in the profile.
/// </summary>
/// <remarks>Thread-safe for different profiles; one profile must not be updated from two threads at once.</remarks>
public sealed class UserProfileBuilder
{
    private readonly IPersonaEncoder _encoder;
    private readonly UserProfileOptions _options;

    /// <summary>Creates a builder.</summary>
    /// <param name="encoder">The encoder that also encoded the personas of the index.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="encoder"/> is <see langword="null"/>.</exception>
    public UserProfileBuilder(IPersonaEncoder encoder, UserProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = encoder;
        _options = options ?? new UserProfileOptions();
    }

    /// <summary>Builds a profile from a user's history; only the L most recent interactions are encoded.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="history">The user's interactions, in any order; may be empty (an empty profile).</param>
    /// <param name="cancellationToken">Cancels the encoding.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">An interaction belongs to another user.</exception>
    public async Task<UserProfile> BuildAsync(string userId, IReadOnlyList<InteractionText> history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        var profile = new UserProfile(userId, _encoder.Dimension, _options);
        InteractionText[] recent = history
            .OrderByDescending(h => h.Interaction.Timestamp)
            .Take(_options.MaxInteractions)
            .Reverse()
            .ToArray();
        if (recent.Length == 0)
        {
            return profile;
        }

        IReadOnlyList<ReadOnlyMemory<float>> vectors = await _encoder.EncodeInteractionsAsync(recent, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < recent.Length; i++)
        {
            profile.Add(recent[i].Interaction, vectors[i].Span);
        }

        return profile;
    }

    /// <summary>Encodes one new interaction and adds it to the profile; the history is not re-encoded.</summary>
    /// <param name="profile">The profile to update.</param>
    /// <param name="interaction">The new interaction.</param>
    /// <param name="cancellationToken">Cancels the encoding.</param>
    /// <returns><see langword="true"/> when the interaction is among the L most recent and was kept.</returns>
    public async Task<bool> AddAsync(UserProfile profile, InteractionText interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(interaction);
        IReadOnlyList<ReadOnlyMemory<float>> vectors = await _encoder.EncodeInteractionsAsync([interaction], cancellationToken).ConfigureAwait(false);
        return profile.Add(interaction.Interaction, vectors[0].Span);
    }
}
