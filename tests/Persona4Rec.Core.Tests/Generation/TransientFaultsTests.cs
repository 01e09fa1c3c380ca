using System.Net;
using Persona4Rec.Offline.Generation;

namespace Persona4Rec.Tests.Generation;

public sealed class TransientFaultsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData(" 2.5 ", 2.5)]
    [InlineData("Fri, 04 Dec 2026 12:00:30 GMT", 30)]
    [InlineData("Fri, 04 Dec 2026 11:00:00 GMT", 0)] // a date in the past: retry now
    public void ParseRetryAfter_SecondsOrHttpDate(string header, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TransientFaults.ParseRetryAfter(header, Now));

    [Theory]
    [InlineData("soon")]
    [InlineData("-3")]
    [InlineData("NaN")]
    public void ParseRetryAfter_Garbage_IsIgnored(string header) => Assert.Null(TransientFaults.ParseRetryAfter(header, Now));

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true, false)]
    [InlineData(HttpStatusCode.TooManyRequests, true, false)]
    [InlineData(HttpStatusCode.BadGateway, true, false)]
    [InlineData(HttpStatusCode.BadRequest, false, false)]
    [InlineData(HttpStatusCode.Unauthorized, false, true)]
    [InlineData(HttpStatusCode.Forbidden, false, true)]
    [InlineData(HttpStatusCode.NotFound, false, true)]
    public void Classification_ByHttpStatus(HttpStatusCode status, bool transient, bool fatal)
    {
        var e = new HttpRequestException("x", null, status);
        Assert.Equal((transient, fatal), (TransientFaults.IsTransient(e), TransientFaults.IsFatal(e)));
        var wrapped = new InvalidOperationException("adapter", e);
        Assert.Equal((transient, fatal), (TransientFaults.IsTransient(wrapped), TransientFaults.IsFatal(wrapped)));
    }

    [Fact]
    public void Classification_AFailedCall_IsNotRetriedAgainByAnOuterLayer()
    {
        // The generator already spent its retries on the 500 inside: a pipeline must not multiply them.
        var spent = new PersonaGenerationException("Item 'x', stage 'summary': the LLM call failed", new HttpRequestException("boom", null, HttpStatusCode.InternalServerError));
        Assert.False(TransientFaults.IsTransient(spent));
    }
}
