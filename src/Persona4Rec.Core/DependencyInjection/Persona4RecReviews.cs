namespace Persona4Rec.DependencyInjection;

/// <summary>The reviews registered with <c>AddPersona4RecReviews</c>, by review id, for the recommender's quotes.</summary>
internal sealed class Persona4RecReviews(IReadOnlyDictionary<string, Review> byId)
{
    public IReadOnlyDictionary<string, Review> ById { get; } = byId;
}
