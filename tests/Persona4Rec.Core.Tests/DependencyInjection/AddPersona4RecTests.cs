using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.DependencyInjection;

public sealed class AddPersona4RecTests : IDisposable
{
    private const int Dimension = 16;
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string SaveIndex(string modelId = "fake-model")
    {
        var builder = new PersonaIndexBuilder(Dimension, modelId, TestIndexes.TemplateId);
        foreach (var (item, vectors) in TestIndexes.RandomCatalogue(seed: 5, items: 12, Dimension))
        {
            builder.Add(item, vectors);
        }

        string path = _folder.File("catalogue.p4r");
        builder.Build().Save(path);
        return path;
    }

    private static async Task StartAsync(ServiceProvider provider)
    {
        // What the host does at start-up: ValidateOnStart, then the hosted services.
        _ = provider.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
        foreach (IHostedService service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task FromConfiguration_RegistersALoadedIndex_EncoderProfilesAndRecommender_ThatRecommend()
    {
        string path = SaveIndex();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persona4Rec:IndexPath"] = path,
            ["Persona4Rec:Profile:MaxInteractions"] = "5",
            ["Persona4Rec:Recommender:Mode"] = "ReciprocalRankFusion",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FakeEmbeddingGenerator(Dimension));
        services.AddPersona4Rec(configuration.GetSection(Persona4RecOptions.SectionName));
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await StartAsync(provider);

        Persona4RecOptions options = provider.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
        Assert.Equal(5, options.Profile.MaxInteractions);
        Assert.Equal(RerankMode.ReciprocalRankFusion, options.Recommender.Mode);
        PersonaIndex index = provider.GetRequiredService<PersonaIndex>();
        Assert.Same(index, provider.GetRequiredService<IPersonaIndex>());
        using (PersonaIndexLease lease = provider.GetRequiredService<PersonaIndexProvider>().Lease())
        {
            Assert.Same(index, lease.Index);
        }

        Assert.Equal(12, index.ItemCount);

        UserProfile profile = await provider.GetRequiredService<UserProfileBuilder>().BuildAsync("u", [
            new InteractionText(new UserInteraction("u", index.GetItemId(0), DateTimeOffset.UnixEpoch, ReviewText: "loved it"), null, null)], TestContext.Current.CancellationToken);
        string[] candidates = [.. Enumerable.Range(0, 12).Select(index.GetItemId)];
        IReadOnlyList<Persona4Rec.Recommendation> result = provider.GetRequiredService<PersonaRecommender>().Rerank(profile, candidates, count: 3);
        Assert.Equal(3, result.Count);
        Assert.DoesNotContain(result, r => r.Item.ItemId == index.GetItemId(0));
    }

    [Fact]
    public void TryAdd_KeepsServicesRegisteredBefore()
    {
        var mine = new PersonaRecommender(TestIndexes.RandomIndex(1, 3, 4));
        var services = new ServiceCollection();
        services.AddSingleton(mine);
        services.AddPersona4Rec(o => o.IndexPath = "unused.p4r");
        services.AddPersona4Rec(o => o.IndexPath = "unused.p4r");
        Assert.Same(mine, services.BuildServiceProvider().GetRequiredService<PersonaRecommender>());
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Theory]
    [InlineData("Persona4Rec:IndexPath", "", "Persona4Rec:IndexPath is required")]
    [InlineData("Persona4Rec:IndexPath", "no-such-file.p4r", "Persona4Rec:IndexPath 'no-such-file.p4r' does not exist")]
    [InlineData("Persona4Rec:Profile:Gamma", "1.5", "Persona4Rec:Profile:Gamma is 1.5")]
    [InlineData("Persona4Rec:Profile:MaxInteractions", "0", "Persona4Rec:Profile:MaxInteractions is 0")]
    [InlineData("Persona4Rec:Recommender:MaxQuoteCharacters", "5", "Persona4Rec:Recommender:MaxQuoteCharacters is 5")]
    [InlineData("Persona4Rec:Recommender:FusionK", "-1", "Persona4Rec:Recommender:FusionK is -1")]
    public void InvalidSetting_FailsValidationNamingIt(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Persona4Rec:IndexPath"] = SaveIndex(), [key] = value };
        var services = new ServiceCollection();
        services.AddPersona4Rec(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Persona4Rec"));
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Persona4RecOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncoderOfAnotherModel_StopsStartUp_NamingBoth()
    {
        string path = SaveIndex(modelId: "index-model");
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FakeEmbeddingGenerator(Dimension, "other-model"));
        services.AddPersona4Rec(o => o.IndexPath = path);
        await using ServiceProvider provider = services.BuildServiceProvider();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(provider));
        Assert.Contains("'other-model'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'index-model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptIndexFile_StopsStartUp_WithTheFormatError()
    {
        string path = SaveIndex();
        byte[] bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddPersona4Rec(o => o.IndexPath = path);
        await using ServiceProvider provider = services.BuildServiceProvider();
        await Assert.ThrowsAsync<PersonaIndexFormatException>(() => StartAsync(provider));
    }

    [Fact]
    public async Task NoEmbeddingGenerator_EncoderResolution_SaysWhatToRegister()
    {
        var services = new ServiceCollection();
        services.AddPersona4Rec(o => o.IndexPath = SaveIndex());
        await using ServiceProvider provider = services.BuildServiceProvider();
        await StartAsync(provider); // Start-up needs no encoder: the index alone can serve precomputed user vectors.
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IPersonaEncoder>());
        Assert.Contains("AddPersona4RecOnnx", error.Message, StringComparison.Ordinal);
    }
}
