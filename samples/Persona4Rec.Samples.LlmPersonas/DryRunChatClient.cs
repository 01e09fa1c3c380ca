using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Persona4Rec.Samples.LlmPersonas;

/// <summary>
/// Answers every stage with a short, valid, synthetic answer and counts what would have been sent
/// and received, so the real prompts of a catalogue can be sized (and priced) before any money is
/// spent. The personas it writes are placeholders, not results.
/// </summary>
internal sealed partial class DryRunChatClient : IChatClient
{
    private long _calls;
    private long _inputCharacters;
    private long _outputCharacters;

    public long Calls => Interlocked.Read(ref _calls);

    public long InputCharacters => Interlocked.Read(ref _inputCharacters);

    public long OutputCharacters => Interlocked.Read(ref _outputCharacters);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        string prompt = list.First(m => m.Role == ChatRole.User).Text;
        string answer = prompt.Contains("Write a neutral summary", StringComparison.Ordinal)
            ? """{"summary": "A product for musicians. It is used at home and on stage."}"""
            : prompt.Contains("Extract what the reviewer", StringComparison.Ordinal)
                ? """{"category_preference": {"value": "accessories", "reason": "buys gear"}, "purchase_purpose": {"value": "practice", "reason": "plays daily"}, "quality_criteria": {"value": "durability", "reason": "mentions build"}, "usage_context": {"value": "home", "reason": "plays at home"}}"""
                : Personas(prompt);
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _inputCharacters, list.Sum(m => m.Text.Length));
        Interlocked.Add(ref _outputCharacters, answer.Length);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>A persona answer of typical size (about 3 sentences each), one persona per two reviews, 2 to 7.</summary>
    private static string Personas(string prompt)
    {
        string[] ids = ReviewId().Matches(prompt).Select(m => m.Groups[1].Value).ToArray();
        int count = ids.Length == 1 ? 1 : Math.Clamp(ids.Length / 2, 2, 7);
        string[] names = ["Weekend Gigger", "Home Recorder", "Budget Learner", "Studio Perfectionist", "Touring Player", "Band Teacher", "Gear Collector"];
        string[] habits = ["plays bars on weekends", "records demos at home", "learns from online lessons", "mixes albums in a studio", "tours with a band", "teaches school bands", "collects vintage gear"];
        var personas = Enumerable.Range(0, count).Select(i =>
            $$"""{"name": "{{names[i]}}", "description": "This persona {{habits[i]}} and judges gear by how it fits that routine. They compare options before buying and read reviews about {{names[i].ToLowerInvariant()}} needs. They value what lasts in their setting.", "preferenceRationale": "Reviewers like this persona say it held up in their routine ({{habits[i]}}) and was right for the price.", "reviewIds": ["{{ids[i % ids.Length]}}"]}""");
        return $$"""{"personas": [{{string.Join(", ", personas)}}]}""";
    }

    [GeneratedRegex("<review id=\"([^\"]+)\"")]
    private static partial Regex ReviewId();
}
