using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Persona4Rec.Samples.LlmPersonas;

/// <summary>The chat clients this sample can use: every one is a plain Microsoft.Extensions.AI IChatClient.</summary>
internal static class ChatClients
{
    /// <summary>
    /// OpenAI, or any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio) at <paramref name="endpoint"/>.
    /// The client's own retries are off: LlmPersonaGenerator retries transient failures itself
    /// (MaxTransientRetries, honouring Retry-After), and two retry layers would multiply.
    /// </summary>
    public static IChatClient OpenAICompatible(Uri endpoint, string model, string apiKey) =>
        new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
            .AsIChatClient();

    /// <summary>A local Ollama server, e.g. http://localhost:11434 with model "llama3.1".</summary>
    public static IChatClient Ollama(Uri endpoint, string model) => new OllamaApiClient(endpoint, model);
}
