using System.Text.Json;

namespace Persona4Rec.Samples.Quickstart;

/// <summary>The bundled demo catalogue and user histories (samples/data).</summary>
internal sealed record DemoCatalogue(string Description, IReadOnlyList<DemoItem> Items);

internal sealed record DemoItem(string ItemId, string Title, string Summary, IReadOnlyList<DemoPersona> Personas);

internal sealed record DemoPersona(string Name, string Description, string Rationale, IReadOnlyList<string> ReviewIds);

internal sealed record DemoUsers(string Description, IReadOnlyList<DemoUser> Users);

internal sealed record DemoUser(string UserId, IReadOnlyList<string> Candidates, IReadOnlyList<DemoInteraction> Interactions);

internal sealed record DemoInteraction(string ItemId, DateTimeOffset Timestamp, string Text);

internal static class DemoData
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} holds no data.");

    public static ItemPersonas ToItemPersonas(DemoItem item) =>
        new(
            item.ItemId,
            item.Summary,
            item.Personas.Select((p, i) => new Persona(Persona.IdFor(i), item.ItemId, p.Name, p.Description, p.Rationale, p.ReviewIds)).ToArray());
}
