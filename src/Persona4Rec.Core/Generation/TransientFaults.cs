using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Persona4Rec.Generation;

/// <summary>
/// Which failures are worth retrying, and the Polly pipeline that retries them: timeouts,
/// HTTP 429 and 5xx (from <see cref="HttpRequestException"/> or any client exception exposing an
/// integer <c>Status</c>/<c>StatusCode</c>, as the OpenAI and Azure clients do), with exponential
/// backoff and jitter, and a per-attempt timeout.
/// </summary>
internal static class TransientFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException or TimeoutRejectedException => true,
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.TooManyRequests || (int)http.StatusCode >= 500,
        _ => StatusOf(exception) is int status && (status == 429 || status >= 500),
    };

    public static ResiliencePipeline Create(int maxRetries, TimeSpan initialBackoff, TimeSpan attemptTimeout, TimeProvider? timeProvider = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = initialBackoff,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            });
        }

        return builder.AddTimeout(attemptTimeout).Build();
    }

    private static int? StatusOf(Exception exception)
    {
        foreach (string name in new[] { "Status", "StatusCode" })
        {
            object? value = exception.GetType().GetProperty(name)?.GetValue(exception);
            if (value is int status)
            {
                return status;
            }

            if (value is HttpStatusCode code)
            {
                return (int)code;
            }
        }

        return null;
    }
}
