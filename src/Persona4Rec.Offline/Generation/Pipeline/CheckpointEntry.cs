namespace Persona4Rec.Offline.Generation.Pipeline;

/// <summary>One line of the checkpoint file.</summary>
internal sealed record CheckpointEntry(
    string ItemId,
    string InputHash,
    string Status,
    string? Summary,
    IReadOnlyList<CheckpointPersona>? Personas,
    IReadOnlyList<AspectRecord>? Aspects,
    string? Error)
{
    public const string Done = "done";
    public const string FailedStatus = "failed";

    public static CheckpointEntry From(ItemPersonas result, string inputHash) =>
        new(result.ItemId, inputHash, Done, result.Summary,
            result.Personas.Select(p => new CheckpointPersona(p.PersonaId, p.Name, p.Description, p.PreferenceRationale, p.ReviewIds)).ToArray(),
            result.Aspects, null);

    /// <summary>The entry without its texts: what deciding to skip an item needs, at a fraction of the memory.</summary>
    public CheckpointEntry WithoutContent() => this with { Summary = null, Personas = null, Aspects = null };

    public ItemPersonas ToItemPersonas() =>
        new(ItemId, Summary,
            (Personas ?? []).Select(p => new Persona(p.PersonaId, ItemId, p.Name, p.Description, p.PreferenceRationale, p.ReviewIds)).ToArray(),
            Aspects);
}

/// <summary>A persona as stored in the checkpoint (its item is the entry's).</summary>
internal sealed record CheckpointPersona(string PersonaId, string Name, string Description, string PreferenceRationale, IReadOnlyList<string> ReviewIds);
