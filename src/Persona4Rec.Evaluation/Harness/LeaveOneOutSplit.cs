namespace Persona4Rec.Evaluation;

/// <summary>
/// The leave-one-out protocol: per user, interactions ordered by time (ties by review id); the
/// last is the test interaction, the second last the validation interaction, the rest training.
/// Users with fewer than <see cref="MinInteractions"/> interactions keep everything in training
/// and are not evaluated. Personas, aspects, profiles and first stages must be built from
/// <see cref="Train"/> only: a validation or test review must never reach them.
/// </summary>
public sealed class LeaveOneOutSplit
{
    /// <summary>The fewest interactions a user needs to get a validation and a test interaction.</summary>
    public const int MinInteractions = 3;

    private static readonly HashSet<string> EmptySet = [];

    private static readonly Dictionary<string, Review> NoReviews = [];

    private readonly Dictionary<string, HashSet<string>> _itemsBeforeTest;
    private readonly Dictionary<string, HashSet<string>> _trainItems;

    private LeaveOneOutSplit(
        IReadOnlyList<Review> train, IReadOnlyDictionary<string, Review> validation, IReadOnlyDictionary<string, Review> test, IReadOnlyDictionary<string, Review> testOnly)
    {
        Train = train;
        Validation = validation;
        Test = test;
        TestWithoutValidation = testOnly;
        _trainItems = ItemsByUser(train);

        // First stages ask for every user's exclusions on every request: computed once here.
        _itemsBeforeTest = ItemsByUser(train.Concat(validation.Values));
    }

    /// <summary>Gets the training reviews, in input order.</summary>
    public IReadOnlyList<Review> Train { get; }

    /// <summary>Gets each evaluated user's validation review (their second last).</summary>
    public IReadOnlyDictionary<string, Review> Validation { get; }

    /// <summary>Gets each evaluated user's test review (their last).</summary>
    public IReadOnlyDictionary<string, Review> Test { get; }

    /// <summary>
    /// Gets the users with exactly two interactions when the split was made with
    /// <c>testUsersWithTwoInteractions</c>: their last review is held out as a test interaction
    /// (and is not in <see cref="Train"/>); they have no validation interaction. Empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, Review> TestWithoutValidation { get; }

    /// <summary>
    /// The items a user had before the validation interaction — their training items — which
    /// first stages must not propose when candidates are drawn for fitting on validation.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <returns>The item ids (empty for an unknown user).</returns>
    public IReadOnlySet<string> ItemsBeforeValidation(string userId) =>
        _trainItems.TryGetValue(userId, out HashSet<string>? items) ? items : EmptySet;

    /// <summary>
    /// The items a user had before the test interaction — their training items and their
    /// validation item — which first stages must not propose at test time.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <returns>The item ids (empty for an unknown user).</returns>
    public IReadOnlySet<string> ItemsBeforeTest(string userId) =>
        _itemsBeforeTest.TryGetValue(userId, out HashSet<string>? items) ? items : EmptySet;

    /// <summary>Splits reviews by user and time.</summary>
    /// <param name="reviews">All reviews; review ids must be unique.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">A review id repeats.</exception>
    public static LeaveOneOutSplit Create(IEnumerable<Review> reviews) => Create(reviews, testUsersWithTwoInteractions: false);

    /// <summary>Splits reviews by user and time, optionally also holding out the last review of users with exactly two.</summary>
    /// <param name="reviews">All reviews; review ids must be unique.</param>
    /// <param name="testUsersWithTwoInteractions">
    /// Also hold out the last review of every user with exactly two interactions as a test interaction
    /// (<see cref="TestWithoutValidation"/>), so that it reaches no persona and no first stage: more
    /// users to evaluate on, at the cost of those reviews in training.
    /// </param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">A review id repeats.</exception>
    public static LeaveOneOutSplit Create(IEnumerable<Review> reviews, bool testUsersWithTwoInteractions)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        List<Review> all = [.. reviews];
        if (all.Select(r => r.ReviewId).Distinct(StringComparer.Ordinal).Count() != all.Count)
        {
            throw new ArgumentException("Review ids must be unique to split by user.", nameof(reviews));
        }

        var validation = new Dictionary<string, Review>(StringComparer.Ordinal);
        var test = new Dictionary<string, Review>(StringComparer.Ordinal);
        var testOnly = new Dictionary<string, Review>(StringComparer.Ordinal);
        foreach (IGrouping<string, Review> user in all.GroupBy(r => r.UserId, StringComparer.Ordinal))
        {
            Review[] ordered = [.. user.OrderBy(r => r.Timestamp).ThenBy(r => r.ReviewId, StringComparer.Ordinal)];
            if (ordered.Length >= MinInteractions)
            {
                test[user.Key] = ordered[^1];
                validation[user.Key] = ordered[^2];
            }
            else if (testUsersWithTwoInteractions && ordered.Length == 2)
            {
                testOnly[user.Key] = ordered[^1];
            }
        }

        var heldOut = new HashSet<string>(validation.Values.Concat(test.Values).Concat(testOnly.Values).Select(r => r.ReviewId), StringComparer.Ordinal);
        return new LeaveOneOutSplit([.. all.Where(r => !heldOut.Contains(r.ReviewId))], validation, test, testOnly.Count == 0 ? NoReviews : testOnly);
    }

    private static Dictionary<string, HashSet<string>> ItemsByUser(IEnumerable<Review> reviews)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Review review in reviews)
        {
            if (!result.TryGetValue(review.UserId, out HashSet<string>? items))
            {
                result[review.UserId] = items = new HashSet<string>(StringComparer.Ordinal);
            }

            items.Add(review.ItemId);
        }

        return result;
    }
}
