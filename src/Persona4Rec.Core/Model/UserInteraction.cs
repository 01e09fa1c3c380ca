namespace Persona4Rec;

/// <summary>One thing a user did with an item (bought, rated, reviewed), the unit a user profile is built from.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ItemId">The item.</param>
/// <param name="Timestamp">When it happened; profiles weight recent interactions more.</param>
/// <param name="Rating">The rating, if the user gave one.</param>
/// <param name="ReviewId">The identifier of the user's review of the item, if any.</param>
/// <param name="ReviewText">The user's own review text, if any. Treated as data, never as instructions.</param>
public sealed record UserInteraction(
    string UserId,
    string ItemId,
    DateTimeOffset Timestamp,
    float? Rating = null,
    string? ReviewId = null,
    string? ReviewText = null);
