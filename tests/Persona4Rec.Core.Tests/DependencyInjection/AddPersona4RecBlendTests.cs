using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.DependencyInjection;

public sealed class AddPersona4RecBlendTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string SaveIndex()
    {
        string path = _folder.File("catalogue.p4r");
        BlendData.SixItems().Save(path);
        return path;
    }

    private static async Task<ServiceProvider> StartAsync(Action<Persona4RecOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddPersona4Rec(configure);
        ServiceProvider provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
        foreach (IHostedService service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        return provider;
    }

    private static UserProfile User() => BlendData.SixItemsUser();

    private static readonly string[] Candidates = BlendData.SixCandidates;

    [Fact]
    public async Task BlendBesideTheIndex_IsUsedByDefault()
    {
        string path = SaveIndex();
        PersonaIndex index = PersonaIndex.Load(path);
        BlendData.Convex(index, 0).Save(RerankBlend.PathFor(path));

        await using ServiceProvider provider = await StartAsync(o => o.IndexPath = path);

        // The first-stage-only blend keeps the candidates' order; the persona score alone would reverse it.
        Assert.Equal(Candidates, provider.GetRequiredService<PersonaRecommender>().Rerank(User(), Candidates).Select(r => r.Item.ItemId));
    }

    [Fact]
    public async Task NoBlend_RanksByPersonaScore()
    {
        string path = SaveIndex();

        await using ServiceProvider provider = await StartAsync(o => o.IndexPath = path);

        Assert.Equal(Enumerable.Reverse(Candidates), provider.GetRequiredService<PersonaRecommender>().Rerank(User(), Candidates).Select(r => r.Item.ItemId));
    }

    [Fact]
    public async Task CorruptBlendBesideTheIndex_StopsStartUp_WithTheFormatError()
    {
        string path = SaveIndex();
        await File.WriteAllTextAsync(RerankBlend.PathFor(path), "{\"format\": \"something else\"}", TestContext.Current.CancellationToken);

        RerankBlendFormatException e = await Assert.ThrowsAsync<RerankBlendFormatException>(() => StartAsync(o => o.IndexPath = path));

        Assert.Contains("something else", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlendPathThatDoesNotExist_FailsValidationNamingIt()
    {
        string path = SaveIndex();

        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(o => { o.IndexPath = path; o.BlendPath = "missing.blend.json"; }));

        Assert.Contains("Persona4Rec:BlendPath 'missing.blend.json' does not exist", e.Message, StringComparison.Ordinal);
    }
}
