using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Persona4Rec.Offline.Generation;

/// <summary>
/// How the LLM path tells failures apart, and the one Polly pipeline that retries them.
/// <list type="bullet">
/// <item>Transient (retried with exponential backoff and jitter, honouring <c>Retry-After</c>):
/// timeouts, HTTP 408, 429 and 5xx.</item>
/// <item>Fatal (never retried; the run stops, see <see cref="LlmAccessException"/>): HTTP 401,
/// 403 and 404 — a wrong key, a missing permission, or an unknown model or endpoint path.</item>
/// <item>Everything else fails the one call.</item>
/// </list>
/// The status is read from <see cref="HttpRequestException.StatusCode"/> or from any client
/// exception exposing an integer <c>Status</c>/<c>StatusCode</c> (the OpenAI and Azure clients
/// do), on the exception or its inner exceptions. <c>Retry-After</c> is read from a System.ClientModel
/// <c>GetRawResponse()</c> (the OpenAI client) or from <c>Exception.Data["Retry-After"]</c>
/// (seconds, or a <see cref="TimeSpan"/>), which other adapters can set.
/// </summary>
internal static class TransientFaults
{
    /// <summary>The key of <see cref="Exception.Data"/> under which an adapter can pass a server's <c>Retry-After</c>.</summary>
    public const string RetryAfterKey = "Retry-After";

    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException or TimeoutRejectedException => true,
        HttpRequestException { StatusCode: null } => true, // no answer at all: connection refused or reset
        _ => StatusOf(exception) is int status && (status is 408 or 429 || status >= 500),
    };

    /// <summary>Whether no retry and no other item can succeed: the key, the permission, the model or the address is wrong.</summary>
    public static bool IsFatal(Exception exception) => StatusOf(exception) is 401 or 403 or 404;

    /// <summary>The retry (transient faults, backoff or the server's <c>Retry-After</c>, capped at <paramref name="maxRetryAfter"/>, 1 minute when null) and per-attempt timeout pipeline.</summary>
    public static ResiliencePipeline Create(int maxRetries, TimeSpan initialBackoff, TimeSpan attemptTimeout, TimeProvider? timeProvider = null, TimeSpan? maxRetryAfter = null)
    {
        TimeSpan retryAfterCap = maxRetryAfter ?? TimeSpan.FromMinutes(1);
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

                // A server that says when to come back is believed, up to a cap; otherwise the backoff above.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && RetryAfterOf(e) is TimeSpan wait ? (TimeSpan?)(wait < retryAfterCap ? wait : retryAfterCap) : null),
            });
        }

        return builder.AddTimeout(attemptTimeout).Build();
    }

    public static int? StatusOf(Exception exception)
    {
        // A PersonaGenerationException is a call that already used its retries: what it wraps is not asked again.
        for (Exception? e = exception; e is not null and not PersonaGenerationException; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: { } code })
            {
                return (int)code;
            }

            foreach (string name in new[] { "Status", "StatusCode" })
            {
                object? value = e.GetType().GetProperty(name)?.GetValue(e);
                if (value is int status and > 0)
                {
                    return status;
                }

                if (value is HttpStatusCode httpStatus)
                {
                    return (int)httpStatus;
                }
            }
        }

        return null;
    }

    public static TimeSpan? RetryAfterOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            string? header = e.Data[RetryAfterKey] switch
            {
                TimeSpan span => span.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                string text => text,
                _ => RawResponseHeader(e, RetryAfterKey),
            };
            if (header is not null)
            {
                return ParseRetryAfter(header, DateTimeOffset.UtcNow);
            }
        }

        return null;
    }

    /// <summary>Reads <c>Retry-After</c> as seconds or as an HTTP date; <see langword="null"/> when it is neither.</summary>
    public static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
    {
        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(1).TotalSeconds));
        }

        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when)
            ? (when > now ? when - now : TimeSpan.Zero)
            : null;
    }

    /// <summary>System.ClientModel's <c>ClientResultException.GetRawResponse().Headers.TryGetValue(name, out value)</c>, without a reference to it.</summary>
    private static string? RawResponseHeader(Exception e, string name)
    {
        object? response = e.GetType().GetMethod("GetRawResponse", Type.EmptyTypes)?.Invoke(e, null);
        object? headers = response?.GetType().GetProperty("Headers")?.GetValue(response);
        var tryGet = headers?.GetType().GetMethod("TryGetValue", [typeof(string), typeof(string).MakeByRefType()]);
        if (tryGet is null)
        {
            return null;
        }

        object?[] arguments = [name, null];
        return tryGet.Invoke(headers, arguments) is true ? arguments[1] as string : null;
    }
}
