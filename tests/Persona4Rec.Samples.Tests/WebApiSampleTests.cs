using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Persona4Rec.Offline;
using Persona4Rec.Samples.WebApi;

namespace Persona4Rec.Samples.Tests;

/// <summary>
/// The web sample started on 127.0.0.1 (Kestrel, a real socket) and called over HTTP: the index
/// loads at start-up, profiles come from the demo reviews, answers carry explanations.
/// </summary>
public sealed class WebApiSampleTests : IAsyncLifetime
{
    private const string User = "DEMOUSER0001";
    private readonly string _indexPath = Path.Combine(Path.GetTempPath(), $"p4r-web-{Guid.NewGuid():N}.p4r");
    private string _reviews = string.Empty;
    private WebApplication? _app;
    private HttpClient _http = new();

    public async ValueTask InitializeAsync()
    {
        _reviews = Path.Combine(DemoIndex.DataFolder, "demo-music-reviews.jsonl");
        await DemoIndex.BuildAsync(_indexPath, TestContext.Current.CancellationToken);

        _app = WebApiHost.Build(["--urls", "http://127.0.0.1:0", "--Persona4Rec:IndexPath", _indexPath, "--UserHistory:ReviewsPath", _reviews, "--Logging:LogLevel:Default", "Warning"]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        File.Delete(_indexPath);
    }

    [Fact]
    public async Task GetRecommend_ReturnsTopItemsWithExplanations_WithoutTheUsersOwnItems()
    {
        Assert.StartsWith("http://127.0.0.1:", _http.BaseAddress!.ToString(), StringComparison.Ordinal);
        var response = await _http.GetFromJsonAsync<RecommendationResponse>($"/recommend/{User}?count=5", TestContext.Current.CancellationToken);
        Assert.NotNull(response);
        Assert.Equal([1, 2, 3, 4, 5], response.Items.Select(i => i.Rank));
        Assert.True(response.Items.Zip(response.Items.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.All(response.Items, i => Assert.False(string.IsNullOrEmpty(i.Persona)));
        HashSet<string> owned = [.. ReviewFileReader.ReadAmazon2014(_reviews).Reviews.Where(r => r.UserId == User).Select(r => r.ItemId)];
        Assert.DoesNotContain(response.Items, i => owned.Contains(i.ItemId));
    }

    [Fact]
    public async Task PostRerank_OrdersTheCandidatesByScore()
    {
        HashSet<string> owned = [.. ReviewFileReader.ReadAmazon2014(_reviews).Reviews.Where(r => r.UserId == User).Select(r => r.ItemId)];
        string[] candidates = [.. Enumerable.Range(1, 48).Select(i => $"B0DEMO{i:D4}").Where(id => !owned.Contains(id)).Take(6)];
        using HttpResponseMessage http = await _http.PostAsJsonAsync("/rerank", new RerankRequest(User, candidates), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        var response = await http.Content.ReadFromJsonAsync<RecommendationResponse>(TestContext.Current.CancellationToken);
        Assert.NotNull(response);
        Assert.Equal(candidates.Order(), response.Items.Select(i => i.ItemId).Order());
        Assert.True(response.Items.Zip(response.Items.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task BadRequests_GetProblemDetailsThatSayWhatWasWrong()
    {
        using HttpResponseMessage unknownItem = await _http.PostAsJsonAsync("/rerank", new RerankRequest(User, ["B0DEMO0001", "NO-SUCH-ITEM"]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, unknownItem.StatusCode);
        Assert.Contains("NO-SUCH-ITEM", await unknownItem.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using HttpResponseMessage unknownUser = await _http.GetAsync("/recommend/nobody", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        Assert.Contains("nobody", await unknownUser.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using HttpResponseMessage badCount = await _http.GetAsync($"/recommend/{User}?count=0", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);

        using HttpResponseMessage empty = await _http.PostAsJsonAsync("/rerank", new RerankRequest(User, []), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }
}
