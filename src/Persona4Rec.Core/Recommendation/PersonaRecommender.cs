using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Persona4Rec.Checks;
using Persona4Rec.Telemetry;

namespace Persona4Rec;

/// <summary>
/// Recommends with explanations: reranks a first stage's candidates by max over personas (the
/// paper's setting), or searches the whole catalogue; never returns items the user already has;
/// every result carries the matched persona's name, description and rationale and quotes from
/// the reviews behind it.
/// </summary>
/// <remarks>
/// <para>
/// A user with no history has no profile vector: the methods throw
/// <see cref="InvalidOperationException"/>; check <see cref="UserProfile.IsEmpty"/> and serve such
/// users from the first stage alone. Items without reviews are scored like any other as long as
/// the index holds a persona for them: build it with <see cref="Persona.FromSummary"/>.
/// </para>
/// <para>
/// Thread-safe: the index is immutable and the recommender holds no mutable state. Created over a
/// <see cref="PersonaIndexProvider"/>, it leases the provider's current index for each call, so it
/// follows hot reloads and every call scores and explains from one version.
/// </para>
/// </remarks>
public sealed class PersonaRecommender
{
    /// <summary>The fixed index; <see langword="null"/> when the recommender follows <see cref="_provider"/>.</summary>
    private readonly IPersonaIndex? _index;
    private readonly PersonaIndexProvider? _provider;
    private readonly IReadOnlyDictionary<string, Review> _reviews;
    private readonly PersonaRecommenderOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a recommender.</summary>
    /// <param name="index">The persona index.</param>
    /// <param name="reviewsById">The reviews personas cite, by review id, for quotes; or <see langword="null"/> for explanations without quotes.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Receives debug messages (ids and counts only), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    public PersonaRecommender(IPersonaIndex index, IReadOnlyDictionary<string, Review>? reviewsById = null, PersonaRecommenderOptions? options = null, ILogger<PersonaRecommender>? logger = null)
        : this(index ?? throw new ArgumentNullException(nameof(index)), null, reviewsById, options, logger)
    {
    }

    /// <summary>
    /// Creates a recommender that follows a provider's hot reloads: each call leases the current
    /// index (<see cref="PersonaIndexProvider.Lease"/>) and uses that one version from scoring to explanation.
    /// </summary>
    /// <param name="provider">The provider of the live index.</param>
    /// <param name="reviewsById">The reviews personas cite, by review id, for quotes; or <see langword="null"/> for explanations without quotes.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Receives debug messages (ids and counts only), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public PersonaRecommender(PersonaIndexProvider provider, IReadOnlyDictionary<string, Review>? reviewsById = null, PersonaRecommenderOptions? options = null, ILogger<PersonaRecommender>? logger = null)
        : this((provider ?? throw new ArgumentNullException(nameof(provider))).Current, provider, reviewsById, options, logger)
    {
    }

    /// <summary>Checks the options against <paramref name="index"/> (a provider's swaps keep its dimension, model and template), and keeps it only without a provider.</summary>
    private PersonaRecommender(IPersonaIndex index, PersonaIndexProvider? provider, IReadOnlyDictionary<string, Review>? reviewsById, PersonaRecommenderOptions? options, ILogger<PersonaRecommender>? logger)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _index = provider is null ? index : null;
        _provider = provider;
        _reviews = reviewsById ?? new Dictionary<string, Review>();
        _options = options ?? new PersonaRecommenderOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxQuotes);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxQuoteCharacters, 20);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.FusionK);
        if (!Enum.IsDefined(_options.Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Mode, "PersonaRecommenderOptions.Mode is not a RerankMode value.");
        }

        _options.Blend?.EnsureMatches(index);
    }

    /// <summary>Reranks candidates for a user: best first, the user's own items removed.</summary>
    /// <param name="profile">The user's profile (not empty).</param>
    /// <param name="candidateItemIds">The first stage's candidates.</param>
    /// <param name="count">How many to return at most, or <see langword="null"/> for all.</param>
    /// <returns>The recommendations, rank 1 first.</returns>
    /// <exception cref="InvalidOperationException">The profile is empty.</exception>
    /// <exception cref="UnknownItemException">A candidate is not in the index (unless <see cref="PersonaRecommenderOptions.SkipUnknownCandidates"/>).</exception>
    public IReadOnlyList<Recommendation> Rerank(UserProfile profile, IReadOnlyList<string> candidateItemIds, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(candidateItemIds);
        using Activity? activity = Persona4RecTelemetry.ActivitySource.StartActivity(Persona4RecTelemetry.RerankActivity);
        long started = Stopwatch.GetTimestamp();
        float[] user = VectorOf(profile);
        using PersonaIndexLease? lease = _provider?.Lease();
        IPersonaIndex index = lease?.Index ?? _index!;
        string[] candidates = candidateItemIds
            .Where(id => id is not null && !profile.HasInteractedWith(id))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (_options.SkipUnknownCandidates)
        {
            int before = candidates.Length;
            candidates = Array.FindAll(candidates, index.ContainsItem);
            if (candidates.Length < before)
            {
                Log.UnknownCandidatesSkipped(_logger, profile.UserId, before - candidates.Length);
            }
        }

        ScoredItem[] scored = index.Score(user, candidates);
        Record(RerankOperation, started, candidates.Length, activity);
        IEnumerable<ScoredItem> ranked = _options.Mode switch
        {
            RerankMode.ReciprocalRankFusion => Fuse(candidates, scored),
            RerankMode.Blend when _options.Blend is { } blend => Blend(index, blend, user, profile, candidates, scored),
            _ => scored.OrderByDescending(s => s.Score).ThenBy(s => s.ItemId, StringComparer.Ordinal),
        };
        return Explain(count is int n ? ranked.Take(n) : ranked);
    }

    /// <summary>Asks a first stage for candidates and reranks them.</summary>
    /// <param name="profile">The user's profile (not empty).</param>
    /// <param name="source">The first stage.</param>
    /// <param name="candidates">How many candidates to ask for. Default: 20 (paper).</param>
    /// <param name="count">How many recommendations to return at most. Default: 10.</param>
    /// <param name="cancellationToken">Cancels the first-stage call.</param>
    /// <returns>The recommendations, rank 1 first.</returns>
    /// <exception cref="InvalidOperationException">The profile is empty.</exception>
    public async Task<IReadOnlyList<Recommendation>> RecommendAsync(
        UserProfile profile, ICandidateSource source, int candidates = 20, int count = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(source);
        _ = VectorOf(profile); // Fail before calling the first stage.
        IReadOnlyList<string> proposed = await source.GetCandidatesAsync(profile.UserId, candidates, cancellationToken).ConfigureAwait(false);
        return Rerank(profile, proposed, count);
    }

    /// <summary>The top items of the whole catalogue for a user, the user's own items excluded.</summary>
    /// <param name="profile">The user's profile (not empty).</param>
    /// <param name="count">How many to return at most.</param>
    /// <returns>The recommendations, rank 1 first.</returns>
    /// <exception cref="InvalidOperationException">The profile is empty.</exception>
    public IReadOnlyList<Recommendation> Search(UserProfile profile, int count)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using Activity? activity = Persona4RecTelemetry.ActivitySource.StartActivity(Persona4RecTelemetry.SearchActivity);
        long started = Stopwatch.GetTimestamp();
        float[] user = VectorOf(profile);
        using PersonaIndexLease? lease = _provider?.Lease();
        IPersonaIndex index = lease?.Index ?? _index!;
        ScoredItem[] found = index.Search(user, count, new SearchOptions { ExcludeItemIds = profile.ItemIds });
        Record(SearchOperation, started, index.ItemCount, activity);
        return Explain(found);
    }

    private const string RerankOperation = "rerank";
    private const string SearchOperation = "search";

    private static void Record(string operation, long started, int scored, Activity? activity)
    {
        var tag = new KeyValuePair<string, object?>(Persona4RecTelemetry.OperationTag, operation);
        Persona4RecTelemetry.SearchSeconds.Record(Persona4RecTelemetry.SecondsSince(started), tag);
        Persona4RecTelemetry.Scored.Add(scored, tag);
        activity?.SetTag("persona4rec.scored", scored);
    }

    private IEnumerable<ScoredItem> Fuse(string[] candidates, ScoredItem[] scored)
    {
        var byId = scored.ToDictionary(s => s.ItemId, StringComparer.Ordinal);
        return RankFusion.ReciprocalRank(candidates, scored, _options.FusionK).Select(id => byId[id]);
    }

    private static IEnumerable<ScoredItem> Blend(IPersonaIndex index, RerankBlend blend, float[] user, UserProfile profile, string[] candidates, ScoredItem[] scored)
    {
        float[] scores = [.. scored.Select(s => s.Score)];
        float[] margins = blend.UsesMargins ? PersonaMargins.Compute(index, user, scored) : new float[scored.Length];
        return blend.Order(scores, margins, profile.ItemIds.Count, candidates).Select(i => scored[i]);
    }

    private static float[] VectorOf(UserProfile profile)
    {
        var vector = new float[profile.Dimension];
        profile.CopyVectorTo(vector);
        return vector;
    }

    private Recommendation[] Explain(IEnumerable<ScoredItem> ranked) =>
        ranked.Select((item, i) => new Recommendation(i + 1, item, RecommendationExplanation.From(item.MatchedPersona, Quotes(item.MatchedPersona)))).ToArray();

    private ReviewQuote[] Quotes(Persona persona) => persona.ReviewIds
        .Select(id => _reviews.TryGetValue(id, out Review? review) && !string.IsNullOrWhiteSpace(review.Text) ? review : null)
        .Where(review => review is not null)
        .Take(_options.MaxQuotes)
        .Select(review => new ReviewQuote(review!.ReviewId, TextLimits.Truncate(review.Text.Trim(), _options.MaxQuoteCharacters)))
        .ToArray();
}
