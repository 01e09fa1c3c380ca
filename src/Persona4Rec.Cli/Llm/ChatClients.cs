using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using Persona4Rec.Offline;

namespace Persona4Rec.Cli.Llm;

/// <summary>
/// The chat clients the tool can reach: OpenAI or any OpenAI-compatible server (Azure OpenAI's v1
/// endpoint, vLLM, llama.cpp, LM Studio), and Ollama. Retries happen in one place, the
/// generator's (<see cref="LlmPersonaGeneratorOptions.MaxTransientRetries"/>): the OpenAI client's
/// own retry policy is turned off, and Ollama's answers are turned into exceptions that carry their
/// HTTP status and <c>Retry-After</c> so the generator can tell transient from fatal failures.
/// </summary>
internal static class ChatClients
{
    public const string ApiKeyVariable = "PERSONA4REC_API_KEY";
    public static readonly Uri OpenAIDefault = new("https://api.openai.com/v1");
    public static readonly Uri OllamaDefault = new("http://localhost:11434");

    /// <summary>The socket-level limit of one request; the generator's per-call timeout (2 minutes by default) normally ends a slow call first.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromMinutes(10);

    public static IChatClient Create(string provider, Uri? endpoint, string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException($"--model is required with --provider {provider}.");
        }

        if (provider == "ollama")
        {
            var http = new HttpClient(new HttpStatusHandler { InnerHandler = new SocketsHttpHandler() })
            {
                BaseAddress = WithTrailingSlash(endpoint ?? OllamaDefault),
                Timeout = NetworkTimeout,
            };
            return new OllamaApiClient(http, model);
        }

        string key = Environment.GetEnvironmentVariable(ApiKeyVariable) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY")
            ?? throw new ArgumentException($"Set {ApiKeyVariable} (or OPENAI_API_KEY) to the API key; any value for a server without keys.");
        var options = new OpenAIClientOptions
        {
            Endpoint = WithoutTrailingSlash(endpoint ?? OpenAIDefault),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = NetworkTimeout,
        };
        return new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key), options).AsIChatClient();
    }

    /// <summary>Parses <c>--endpoint</c>: an absolute http or https address.</summary>
    public static Uri? ParseEndpoint(string text, out string? error)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
        {
            error = null;
            return uri;
        }

        error = $"--endpoint must be an absolute http:// or https:// address such as http://127.0.0.1:8000/v1, not '{text}'.";
        return null;
    }

    // The OpenAI client appends "/chat/completions" to the endpoint; a trailing slash would double it.
    private static Uri WithoutTrailingSlash(Uri uri) => uri.AbsolutePath.EndsWith('/') && uri.AbsolutePath.Length > 1
        ? new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') }.Uri
        : uri;

    // OllamaSharp resolves "api/chat" against the base address: without a trailing slash a path's last segment would be replaced.
    private static Uri WithTrailingSlash(Uri uri) => uri.AbsolutePath.EndsWith('/')
        ? uri
        : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
}
