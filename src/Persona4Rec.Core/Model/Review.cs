namespace Persona4Rec;

/// <summary>One user's review of one item: the raw evidence personas are built from.</summary>
/// <param name="ReviewId">A stable identifier of the review, unique within a data set.</param>
/// <param name="UserId">The reviewer.</param>
/// <param name="ItemId">The reviewed item.</param>
/// <param name="Rating">The rating the user gave, on the data set's own scale (for example 1–5), or <see langword="null"/> when absent.</param>
/// <param name="Text">The review body. Treated as data, never as instructions.</param>
/// <param name="Title">The review title or summary line, if any.</param>
/// <param name="Timestamp">When the review was written.</param>
public sealed record Review(
    string ReviewId,
    string UserId,
    string ItemId,
    float? Rating,
    string Text,
    string? Title,
    DateTimeOffset Timestamp);
