using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Persona4Rec.Offline.Generation;

/// <summary>
/// The JSON schemas sent with each stage (structured output). They follow the strict-mode rules
/// of OpenAI-compatible servers: every property required, no additional properties, nullable slots
/// as a union with null. Servers without schema support treat them as JSON mode; the answers are
/// validated either way.
/// </summary>
internal static class ResponseSchemas
{
    public static ChatResponseFormat Summary { get; } = Format("item_summary", Object(("summary", String())));

    public static ChatResponseFormat Personas { get; } = Format("personas", Object(("personas", new JsonObject
    {
        ["type"] = "array",
        ["items"] = Object(
            ("name", String()),
            ("description", String()),
            ("preferenceRationale", String()),
            ("reviewIds", new JsonObject { ["type"] = "array", ["items"] = String() })),
    })));

    public static ChatResponseFormat Judge { get; } = Format("persona_choice", Object(("personaId", String()), ("reason", String())));

    public static ChatResponseFormat Aspects(AspectSchema schema) => Format(
        "aspects_" + schema.Name,
        Object([.. schema.Slots.Select(slot => (slot.Key, (JsonNode)new JsonObject
        {
            ["anyOf"] = new JsonArray(Object(("value", String()), ("reason", String())), new JsonObject { ["type"] = "null" }),
        }))]));

    private static JsonObject String() => new() { ["type"] = "string" };

    private static JsonObject Object(params (string Name, JsonNode Schema)[] properties) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Schema))),
        ["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Name)]),
        ["additionalProperties"] = false,
    };

    private static ChatResponseFormatJson Format(string name, JsonObject schema) =>
        ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema), name);
}
