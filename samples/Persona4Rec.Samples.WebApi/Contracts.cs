namespace Persona4Rec.Samples.WebApi;

/// <summary>POST /rerank: a user and the candidates a first stage proposed, best first.</summary>
/// <param name="UserId">The user whose history builds the profile.</param>
/// <param name="Candidates">Candidate item ids.</param>
/// <param name="Count">How many to return at most (default: all).</param>
public sealed record RerankRequest(string UserId, IReadOnlyList<string> Candidates, int? Count = null);

/// <summary>One recommended item with its explanation.</summary>
public sealed record RecommendedItem(int Rank, string ItemId, float Score, string Persona, string Description, string Rationale, IReadOnlyList<QuoteDto> Quotes)
{
    public static RecommendedItem From(Recommendation r) => new(
        r.Rank,
        r.Item.ItemId,
        r.Item.Score,
        r.Explanation.PersonaName,
        r.Explanation.PersonaDescription,
        r.Explanation.PreferenceRationale,
        [.. r.Explanation.Quotes.Select(q => new QuoteDto(q.ReviewId, q.Text))]);
}

/// <summary>A review passage behind an explanation.</summary>
public sealed record QuoteDto(string ReviewId, string Text);

/// <summary>The response of both endpoints.</summary>
public sealed record RecommendationResponse(string UserId, IReadOnlyList<RecommendedItem> Items);
