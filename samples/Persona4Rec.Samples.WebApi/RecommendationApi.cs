using Microsoft.AspNetCore.Http.HttpResults;

namespace Persona4Rec.Samples.WebApi;

/// <summary>The two endpoints: full-catalogue recommendations and reranking a first stage's candidates.</summary>
public static class RecommendationApi
{
    public const int MaxCount = 100;
    public const int MaxCandidates = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/recommend/{userId}", RecommendAsync)
            .WithName("Recommend")
            .WithSummary("The user's top items of the whole catalogue, each with the persona that explains it.");
        app.MapPost("/rerank", RerankAsync)
            .WithName("Rerank")
            .WithSummary("Reranks a first stage's candidates for a user by max over personas, with explanations.");
        app.MapGet("/health", (PersonaIndex index) => Results.Ok(new { status = "ok", items = index.ItemCount, personas = index.PersonaCount }));
    }

    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> RecommendAsync(
        string userId, UserHistoryStore users, PersonaRecommender recommender, int count = 10)
    {
        if (count is < 1 or > MaxCount)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid count", $"count is {count}; it must be between 1 and {MaxCount}.");
        }

        if (users.GetProfileAsync(userId) is not { } pending)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown user", $"No history for user '{userId}'; serve this user from your first stage.");
        }

        UserProfile profile = await pending.ConfigureAwait(false);
        return TypedResults.Ok(new RecommendationResponse(userId, [.. recommender.Search(profile, count).Select(RecommendedItem.From)]));
    }

    private static async Task<Results<Ok<RecommendationResponse>, ProblemHttpResult>> RerankAsync(
        RerankRequest request, UserHistoryStore users, PersonaRecommender recommender)
    {
        if (string.IsNullOrEmpty(request.UserId) || request.Candidates is null || request.Candidates.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid request", "userId and a non-empty candidates list are required.");
        }

        if (request.Candidates.Count > MaxCandidates || request.Count is < 1)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid request", $"candidates must hold at most {MaxCandidates} ids and count must be at least 1.");
        }

        if (users.GetProfileAsync(request.UserId) is not { } pending)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown user", $"No history for user '{request.UserId}'; keep the first stage's order for this user.");
        }

        UserProfile profile = await pending.ConfigureAwait(false);
        try
        {
            IReadOnlyList<Recommendation> ranked = recommender.Rerank(profile, request.Candidates, request.Count);
            return TypedResults.Ok(new RecommendationResponse(request.UserId, [.. ranked.Select(RecommendedItem.From)]));
        }
        catch (UnknownItemException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unknown candidates", $"The index holds no item {string.Join(", ", e.ItemIds.Take(20).Select(id => $"'{id}'"))}.");
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
