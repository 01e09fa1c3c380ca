using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Persona4Rec.Onnx.Tests;

/// <summary>The two registrations together, as a host application writes them, with the real model.</summary>
public sealed class AddPersona4RecOnnxTests
{
    [Fact]
    public async Task AddPersona4RecOnnx_WithAddPersona4Rec_StartsAndRecommendsFromText()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var encoder = new EmbeddingPersonaEncoder(MiniLm.Generator);
        var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
        var stage = new Persona("P1", "tuner", "Gigging Guitarist", "Plays live every weekend.", "Tunes fast on dark stages.", []);
        var podcast = new Persona("P1", "pop", "Home Podcaster", "Records a podcast at home.", "No more popping plosives.", []);
        builder.Add(new ItemPersonas("tuner", "A clip-on tuner.", [stage]), await encoder.EncodePersonasAsync([new PersonaText(stage, "A clip-on tuner.")], token));
        builder.Add(new ItemPersonas("pop", "A pop filter.", [podcast]), await encoder.EncodePersonasAsync([new PersonaText(podcast, "A pop filter.")], token));
        string path = Path.Combine(Path.GetTempPath(), $"p4r-di-{Guid.NewGuid():N}.p4r");
        builder.Build().Save(path);
        try
        {
            var services = new ServiceCollection();
            services.AddPersona4RecOnnx(o => o.IntraOpThreads = 1);
            services.AddPersona4Rec(o => o.IndexPath = path);
            await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
            _ = provider.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
            foreach (IHostedService service in provider.GetServices<IHostedService>())
            {
                await service.StartAsync(token); // Loads the index and checks the encoder matches it.
            }

            Assert.IsType<OnnxEmbeddingGenerator>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
            UserProfile profile = await provider.GetRequiredService<UserProfileBuilder>().BuildAsync("u", [
                new InteractionText(new UserInteraction("u", "cable", DateTimeOffset.UnixEpoch, ReviewText: "I record my podcast in the spare room and hate popping p sounds."), null, null)], token);
            var result = provider.GetRequiredService<PersonaRecommender>().Rerank(profile, ["tuner", "pop"]);
            Assert.Equal("pop", result[0].Item.ItemId);
            Assert.Equal("Home Podcaster", result[0].Explanation.PersonaName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddPersona4RecOnnx_InvalidOption_NamesIt()
    {
        var services = new ServiceCollection();
        services.AddPersona4RecOnnx(o => o.BatchSize = 0);
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
    }
}
