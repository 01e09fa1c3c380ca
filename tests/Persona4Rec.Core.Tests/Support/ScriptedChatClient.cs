using Microsoft.Extensions.AI;

namespace Persona4Rec.Tests.Support;

/// <summary>
/// A hand-written <see cref="IChatClient"/> that replays scripted answers per stage (recognised
/// from the prompt) and records every request. A script step is either a text to answer or a
/// fault to throw (an exception, a delay that outlasts the caller's timeout).
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    /// <summary>The usage every scripted answer reports.</summary>
    public const int InputTokensPerCall = 100;

    public const int OutputTokensPerCall = 10;

    private const string CutMarker = "\u0001cut\u0001";
    private const string RefusalMarker = "\u0001refuse\u0001";
    private readonly Dictionary<string, Queue<Func<string, Task<string>>>> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, string>> _defaults = new(StringComparer.Ordinal);

    public List<(string Stage, List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public static string StageOf(string prompt) =>
        prompt.Contains("Write a neutral summary", StringComparison.Ordinal) ? "summary"
        : prompt.Contains("Extract what the reviewer", StringComparison.Ordinal) ? "aspects"
        : prompt.Contains("Which persona best explains", StringComparison.Ordinal) ? "judge"
        : "personas";

    /// <summary>Answers every request of a stage with a function of its prompt, once the script for the stage is used up.</summary>
    public ScriptedChatClient Default(string stage, Func<string, string> answer)
    {
        _defaults[stage] = answer;
        return this;
    }

    public ScriptedChatClient Then(string stage, string answer) => Then(stage, _ => Task.FromResult(answer));

    public ScriptedChatClient ThenThrow(string stage, Exception exception) => Then(stage, _ => Task.FromException<string>(exception));

    public ScriptedChatClient ThenHang(string stage, TimeSpan delay) => Then(stage, async _ =>
    {
        await Task.Delay(delay, CancellationToken.None);
        return "{}";
    });

    /// <summary>Answers once with <paramref name="partial"/> and finish reason <c>length</c>: the answer was cut at the output-token limit.</summary>
    public ScriptedChatClient ThenCut(string stage, string partial) => Then(stage, _ => Task.FromResult(CutMarker + partial));

    /// <summary>Answers once with a refusal (what Microsoft.Extensions.AI's OpenAI adapter makes of a <c>refusal</c>: an <see cref="ErrorContent"/>, no text).</summary>
    public ScriptedChatClient ThenRefuse(string stage, string refusal) => Then(stage, _ => Task.FromResult(RefusalMarker + refusal));

    public ScriptedChatClient Then(string stage, Func<string, Task<string>> step)
    {
        if (!_scripts.TryGetValue(stage, out var queue))
        {
            _scripts[stage] = queue = new Queue<Func<string, Task<string>>>();
        }

        queue.Enqueue(step);
        return this;
    }

    public int Count(string stage) => Requests.Count(r => r.Stage == stage);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        string prompt = list.First(m => m.Role == ChatRole.User).Text;
        string stage = StageOf(prompt);
        Func<string, Task<string>> step;
        lock (Requests)
        {
            Requests.Add((stage, list, options));
            step = _scripts.TryGetValue(stage, out var queue) && queue.Count > 0
                ? queue.Dequeue()
                : _defaults.TryGetValue(stage, out var answer) ? p => Task.FromResult(answer(p)) : throw new InvalidOperationException($"No script for stage '{stage}'.");
        }

        Task<string> text = step(prompt);
        string result = await text.WaitAsync(cancellationToken);
        ChatResponse response = result.StartsWith(CutMarker, StringComparison.Ordinal)
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, result[CutMarker.Length..])) { FinishReason = ChatFinishReason.Length }
            : result.StartsWith(RefusalMarker, StringComparison.Ordinal)
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [new ErrorContent(result[RefusalMarker.Length..]) { ErrorCode = "Refusal" }])) { FinishReason = ChatFinishReason.Stop }
                : new ChatResponse(new ChatMessage(ChatRole.Assistant, result)) { FinishReason = ChatFinishReason.Stop };
        response.Usage = new UsageDetails { InputTokenCount = InputTokensPerCall, OutputTokenCount = OutputTokensPerCall };
        return response;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
