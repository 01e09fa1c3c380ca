using Orleans;

namespace Persona4Rec.Cluster.Serialization;

/// <summary>The wire form of a <see cref="Persona"/> (a Core record that carries no Orleans attributes).</summary>
[GenerateSerializer]
[Alias("p4r.Persona")]
internal readonly record struct PersonaSurrogate(
    [property: Id(0)] string PersonaId,
    [property: Id(1)] string ItemId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] string PreferenceRationale,
    [property: Id(5)] string[] ReviewIds);

/// <summary>Converts <see cref="Persona"/> to and from its wire form.</summary>
[RegisterConverter]
internal sealed class PersonaSurrogateConverter : IConverter<Persona, PersonaSurrogate>
{
    public Persona ConvertFromSurrogate(in PersonaSurrogate surrogate) =>
        new(surrogate.PersonaId, surrogate.ItemId, surrogate.Name, surrogate.Description, surrogate.PreferenceRationale, surrogate.ReviewIds);

    public PersonaSurrogate ConvertToSurrogate(in Persona value) =>
        new(value.PersonaId, value.ItemId, value.Name, value.Description, value.PreferenceRationale, [.. value.ReviewIds]);
}

/// <summary>The wire form of a <see cref="ScoredItem"/>.</summary>
[GenerateSerializer]
[Alias("p4r.ScoredItem")]
internal readonly record struct ScoredItemSurrogate(
    [property: Id(0)] string ItemId,
    [property: Id(1)] float Score,
    [property: Id(2)] Persona MatchedPersona);

/// <summary>Converts <see cref="ScoredItem"/> to and from its wire form.</summary>
[RegisterConverter]
internal sealed class ScoredItemSurrogateConverter : IConverter<ScoredItem, ScoredItemSurrogate>
{
    public ScoredItem ConvertFromSurrogate(in ScoredItemSurrogate surrogate) => new(surrogate.ItemId, surrogate.Score, surrogate.MatchedPersona);

    public ScoredItemSurrogate ConvertToSurrogate(in ScoredItem value) => new(value.ItemId, value.Score, value.MatchedPersona);
}
