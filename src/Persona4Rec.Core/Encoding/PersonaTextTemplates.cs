using System.Text;

namespace Persona4Rec;

/// <summary>
/// The fixed, labelled templates that turn personas and user interactions into the texts an
/// embedding model reads. The same templates must be used offline and online, so their identifier
/// (<see cref="TemplateId"/>) is stored in every index file.
/// </summary>
/// <remarks>
/// <para>A persona renders as:</para>
/// <code>
/// Persona: {Name}
/// Description: {Description}
/// Item: {item summary}
/// Why they like it: {PreferenceRationale}
/// </code>
/// <para>A user interaction renders as:</para>
/// <code>
/// Item: {item summary}
/// What the user cared about: {aspects, or else the user's review text}
/// </code>
/// <para>Lines whose value is missing or blank are left out.</para>
/// </remarks>
public static class PersonaTextTemplates
{
    /// <summary>The identifier of these templates: <c>persona4rec-labelled-v1</c>.</summary>
    public const string TemplateId = "persona4rec-labelled-v1";

    /// <summary>Renders a persona with its item summary.</summary>
    /// <param name="persona">The persona and its item summary.</param>
    /// <returns>The text to embed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="persona"/> is <see langword="null"/>.</exception>
    public static string RenderPersona(PersonaText persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(persona.Persona, nameof(persona));
        var text = new StringBuilder();
        AppendLine(text, "Persona", persona.Persona.Name);
        AppendLine(text, "Description", persona.Persona.Description);
        AppendLine(text, "Item", persona.ItemSummary);
        AppendLine(text, "Why they like it", persona.Persona.PreferenceRationale);
        return text.ToString();
    }

    /// <summary>Renders a user interaction with its item summary and the user's aspects (or review text).</summary>
    /// <param name="interaction">The interaction, its item summary and aspects.</param>
    /// <returns>The text to embed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interaction"/> is <see langword="null"/>.</exception>
    public static string RenderInteraction(InteractionText interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(interaction.Interaction, nameof(interaction));
        var text = new StringBuilder();
        AppendLine(text, "Item", interaction.ItemSummary);
        AppendLine(text, "What the user cared about", string.IsNullOrWhiteSpace(interaction.Aspects) ? interaction.Interaction.ReviewText : interaction.Aspects);
        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(label).Append(": ").Append(value.Trim());
    }
}
