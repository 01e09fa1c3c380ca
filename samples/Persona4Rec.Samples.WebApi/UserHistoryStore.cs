using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Persona4Rec.Offline;

namespace Persona4Rec.Samples.WebApi;

/// <summary>Where the sample finds user histories.</summary>
public sealed class UserHistoryOptions
{
    /// <summary>Gets or sets a review file (Amazon 2014 JSON lines) whose reviews are the users' histories.</summary>
    public string ReviewsPath { get; set; } = string.Empty;
}

/// <summary>
/// Stands in for the host's own user store: histories from a review file, and each user's profile
/// built once (each interaction encoded once) and cached. A real service would keep the cached
/// interaction vectors with the user and update the profile as interactions arrive
/// (<see cref="UserProfileBuilder.AddAsync"/>).
/// </summary>
public sealed class UserHistoryStore
{
    private readonly Dictionary<string, Review[]> _histories;
    private readonly ConcurrentDictionary<string, Lazy<Task<UserProfile>>> _profiles = new(StringComparer.Ordinal);
    private readonly UserProfileBuilder _builder;
    private readonly PersonaIndex _index;

    public UserHistoryStore(IOptions<UserHistoryOptions> options, UserProfileBuilder builder, PersonaIndex index)
    {
        string path = Path.Combine(AppContext.BaseDirectory, options.Value.ReviewsPath);
        ReviewFileResult reviews = ReviewFileReader.ReadAmazon2014(File.Exists(options.Value.ReviewsPath) ? options.Value.ReviewsPath : path);
        _histories = reviews.Reviews.GroupBy(r => r.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Timestamp).ToArray(), StringComparer.Ordinal);
        _builder = builder;
        _index = index;
    }

    public int UserCount => _histories.Count;

    /// <summary>The user's cached profile, or <see langword="null"/> for an unknown user.</summary>
    public Task<UserProfile>? GetProfileAsync(string userId) =>
        _histories.TryGetValue(userId, out Review[]? history)
            ? _profiles.GetOrAdd(userId, _ => new Lazy<Task<UserProfile>>(() => BuildAsync(userId, history))).Value
            : null;

    private Task<UserProfile> BuildAsync(string userId, Review[] history) =>
        _builder.BuildAsync(userId, [.. history.Select(r => InteractionTexts.FromReview(r, _index))]);
}
