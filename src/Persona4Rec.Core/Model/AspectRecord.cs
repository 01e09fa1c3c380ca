namespace Persona4Rec;

/// <summary>A filled slot: what the review says, and the reason it gives.</summary>
/// <param name="Value">The facet, in a few words.</param>
/// <param name="Reason">The evidence from the review.</param>
public sealed record AspectValue(string Value, string Reason);

/// <summary>The aspects extracted from one review.</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="UserId">The reviewer.</param>
/// <param name="Slots">Slot key → value, or <see langword="null"/> when the review gives no evidence.</param>
public sealed record AspectRecord(string ReviewId, string UserId, IReadOnlyDictionary<string, AspectValue?> Slots)
{
    /// <summary>Gets the share of slots with no value, in [0, 1].</summary>
    public double EmptyFraction => Slots.Count == 0 ? 1 : Slots.Count(s => s.Value is null || string.IsNullOrWhiteSpace(s.Value.Value)) / (double)Slots.Count;

    /// <summary>Renders the filled slots as text, e.g. for the interaction template: <c>usage context: live gigs (because ...)</c>.</summary>
    /// <returns>One line per filled slot.</returns>
    public string Render() => string.Join("\n", Slots
        .Where(s => s.Value is not null && !string.IsNullOrWhiteSpace(s.Value.Value))
        .Select(s => $"{s.Key.Replace('_', ' ')}: {s.Value!.Value} (because {s.Value.Reason})"));
}
