namespace Persona4Rec.Offline.Generation.ReviewDerived;

/// <summary>
/// One motive a review sentence can state, under a slot of the item's <see cref="AspectSchema"/>.
/// </summary>
/// <param name="Slot">The slot key, e.g. <c>purchase_purpose</c>.</param>
/// <param name="Probe">A sentence a reviewer with this motive might write; review sentences are matched to it by embedding similarity, not by words.</param>
/// <param name="Role">The plural noun the persona's name ends with, e.g. "gift buyers".</param>
/// <param name="Clause">What the description says reviewers did, completing "Some …", e.g. "bought it as a gift".</param>
/// <param name="Cues">Words of which a matching sentence must hold one, so that a sentence merely close in meaning ("I would have returned it") does not state a motive it does not state.</param>
internal sealed record Motive(string Slot, string Probe, string Role, string Clause, string Cues)
{
    private readonly HashSet<string> _cues = new(Cues.Split(' '), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a sentence holds one of the cue words.</summary>
    public bool IsCued(string sentence) => sentence.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Any(_cues.Contains);

    private static readonly char[] Separators = [' ', ',', '.', '!', '?', ';', ':', '(', ')', '"', '“', '”', '-', '\'', '’'];
}

/// <summary>
/// The small, documented motive lexicon: a few motives per slot of the two built-in schemas
/// (products, restaurants), each with its cue words. A slot without entries — any slot of a custom schema — gives no motive,
/// so a custom domain still gets stance-only names. Listed in docs/personas.md.
/// </summary>
internal static class MotiveLexicon
{
    private static readonly Motive[] Entries =
    [
        // products
        new("purchase_purpose", "I bought this as a gift for my son, my daughter or a friend.", "gift buyers", "bought it as a gift", "gift gifts christmas birthday present son daughter wife husband grandson granddaughter nephew niece kid kids boyfriend girlfriend"),
        new("purchase_purpose", "I bought this to replace my old one that broke.", "replacement buyers", "bought it to replace one they had", "replace replaced replacement replacing broke broken worn"),
        new("purchase_purpose", "I am a beginner who is just learning to play.", "beginners", "are beginners", "beginner beginners learning learn novice"),
        new("purchase_purpose", "I upgraded to this from a cheaper model.", "upgraders", "bought it as an upgrade", "upgrade upgraded upgrading"),
        new("usage_context", "I use it on stage when I play live gigs with my band.", "gigging players", "use it live, on stage", "gig gigs gigging live stage band church"),
        new("usage_context", "I use it for recording in my home studio.", "home recordists", "record with it", "record recording recordings studio podcast podcasting"),
        new("usage_context", "I use it when I practice at home every day.", "home practisers", "practise with it at home", "practice practise practicing practising"),
        new("usage_context", "I teach lessons and use it with my students.", "teachers", "use it for teaching", "teach teacher teaching students student lessons"),
        new("quality_criteria", "It is a great value for the low price.", "value seekers", "judge it by value for money", "value price money cheap inexpensive affordable bargain deal"),
        new("quality_criteria", "The sound quality and tone are what matter most to me.", "tone seekers", "judge it by its sound", "tone sound sounds"),
        new("quality_criteria", "It is sturdy, durable and well built, so it will last for years.", "durability seekers", "judge it by how long it lasts", "durable sturdy built last lasts lasting"),
        new("quality_criteria", "It was very easy to set up and use.", "convenience seekers", "judge it by how easy it is to use", "easy easily simple setup"),

        // restaurants
        new("visit_purpose", "We came for happy hour drinks after work.", "happy-hour regulars", "came for happy hour", "happy hour drinks"),
        new("visit_purpose", "We went there for a romantic date night.", "date-night couples", "went on a date", "date"),
        new("visit_purpose", "We went there for a quick business lunch with coworkers.", "lunch crowd", "came for lunch with coworkers", "lunch coworkers business"),
        new("visit_purpose", "We celebrated a birthday there.", "celebrants", "came to celebrate", "birthday celebrate celebrated celebrating anniversary"),
        new("visit_context", "We had weekend brunch there with friends.", "brunch crowd", "came for weekend brunch", "brunch"),
        new("visit_context", "We went there late at night after the bars.", "night owls", "came late at night", "night late"),
        new("visit_context", "We went there with our kids and the whole family.", "families", "came with family", "kids family children"),
        new("quality_criteria", "The portions were a great value for the price.", "value seekers", "judge it by value for money", "value price money cheap inexpensive affordable bargain deal"),
        new("quality_criteria", "The service and the staff were friendly and attentive.", "service-minded diners", "judge it by its service", "service staff server waiter waitress"),
    ];

    /// <summary>The motives available for a schema: those whose slot the schema has.</summary>
    public static Motive[] For(AspectSchema schema)
    {
        var slots = schema.Slots.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return [.. Entries.Where(e => slots.Contains(e.Slot)).DistinctBy(e => e.Probe)];
    }
}
