using System.Diagnostics;
using System.IO.Compression;

namespace Persona4Rec.Samples.Tests;

/// <summary>
/// The packages as a user gets them: `dotnet pack` the libraries (Core, Offline, Evaluation, Onnx, Hnsw, Orleans) and the tool into a
/// local folder, then a fresh console project outside the repository references the packages
/// from that folder (model included), and the tool installs from it and runs (a few minutes).
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("p4r-pack-").FullName;
    private readonly string _version = $"0.1.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        // The global package cache keeps every version restored; drop this run's.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "persona4rec.core", "persona4rec.onnx", "persona4rec.tool", "persona4rec.tool.linux-x64" })
        {
            string folder = Path.Combine(cache, id, _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task PackedPackages_RestoreIntoAFreshProject_AndTheToolInstallsAndRuns()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        string feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        string root = SampleProcess.RepositoryRoot;
        foreach (string project in new[] { "src/Persona4Rec.Core", "src/Persona4Rec.Offline", "src/Persona4Rec.Evaluation", "src/Persona4Rec.Onnx", "src/Persona4Rec.Hnsw", "src/Persona4Rec.Orleans", "src/Persona4Rec.Cli" })
        {
            await DotnetAsync(root, token, "pack", Path.Combine(root, project), "-c", "Release", "-o", feed, $"-p:Version={_version}", "-p:ToolPackageRuntimeIdentifiers=linux-x64");
        }

        foreach (string package in new[] { "Persona4Rec.Core", "Persona4Rec.Offline", "Persona4Rec.Evaluation", "Persona4Rec.Onnx", "Persona4Rec.Hnsw", "Persona4Rec.Orleans", "Persona4Rec.Tool", "Persona4Rec.Tool.linux-x64" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{package}.{_version}.nupkg")), $"{package} was not packed.");
        }

        foreach (string library in new[] { "Persona4Rec.Core", "Persona4Rec.Offline", "Persona4Rec.Evaluation", "Persona4Rec.Onnx", "Persona4Rec.Hnsw", "Persona4Rec.Orleans" })
        {
            // Each package carries its README, license and repository metadata (commit; SourceLink adds
            // the URL when the clone has a hosted remote), and a symbol package with the PDB.
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{_version}.nupkg"));
            using var nuspec = new StreamReader(package.GetEntry($"{library}.nuspec")!.Open());
            string manifest = await nuspec.ReadToEndAsync(token);
            Assert.Contains("<license type=\"expression\">MIT</license>", manifest, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", manifest, StringComparison.Ordinal);
            Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", manifest);
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.NotNull(package.GetEntry($"lib/net10.0/{library}.xml"));
            using ZipArchive symbols = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{_version}.snupkg"));
            Assert.NotNull(symbols.GetEntry($"lib/net10.0/{library}.pdb"));
        }

        // A user's project: PackageReference from the local feed, nothing else.
        string app = await NewProjectAsync("consumer", feed, ["Persona4Rec.Core", "Persona4Rec.Offline", "Persona4Rec.Evaluation", "Persona4Rec.Onnx", "Persona4Rec.Hnsw"], token);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Persona4Rec;
            using Persona4Rec.Evaluation;
            using Persona4Rec.Offline;
            using Persona4Rec.Onnx;

            using var embeddings = new OnnxEmbeddingGenerator();   // the model must come with the package
            var encoder = new EmbeddingPersonaEncoder(embeddings);
            PersonaIndexBuilder builder = PersonaIndexBuilder.For(encoder);
            var reviews = new[] { new Review("r1", "a", "tuner", 5, "I tune fast on dark stages.", null, DateTimeOffset.UnixEpoch) };
            Console.WriteLine($"catalogue={CatalogueItem.FromReviews(reviews).Count} ndcg={RankingMetrics.Ndcg(1, 10)}");
            foreach (var (item, name, why) in new[] { ("tuner", "Gigging Guitarist", "Tunes fast on dark stages."), ("pop", "Home Podcaster", "No more popping plosives.") })
            {
                var persona = new Persona("P1", item, name, name, why, []);
                await builder.AddAsync(new ItemPersonas(item, null, [persona]), encoder);
            }

            builder.Build().Save(args[0]);
            var index = PersonaIndex.Load(args[0]);
            var user = await encoder.EncodeInteractionsAsync([new InteractionText(new UserInteraction("u", "x", DateTimeOffset.UnixEpoch, ReviewText: "I record my podcast at home."), null, null)]);
            File.WriteAllText(args[0] + ".user", string.Join(' ', user[0].ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            var best = index.Score(user[0].Span, ["tuner", "pop"]).MaxBy(s => s.Score);
            Console.WriteLine($"best={best.ItemId} persona={best.MatchedPersona.Name}");
            using var graph = Persona4Rec.Hnsw.HnswPersonaIndex.Build(index);   // USearch's native library must come with the package
            graph.Save(args[0] + ".hnsw");
            using var loaded = Persona4Rec.Hnsw.HnswPersonaIndex.Load(args[0] + ".hnsw", index);
            Console.WriteLine($"hnsw={loaded.Search(user[0].Span, 1)[0].ItemId}");
            """, token);
        string indexPath = Path.Combine(_work, "consumer.p4r");
        string output = await DotnetAsync(app, token, "run", "--", indexPath);
        Assert.Contains("best=pop persona=Home Podcaster", output, StringComparison.Ordinal);
        Assert.Contains("hnsw=pop", output, StringComparison.Ordinal);
        Assert.Contains("catalogue=1 ndcg=1", output, StringComparison.Ordinal);

        // A serving host: loads the index and scores, with Persona4Rec.Core alone (no Polly, no Sep,
        // no ONNX Runtime, none of the offline or evaluation code).
        string host = await NewProjectAsync("host", feed, ["Persona4Rec.Core"], token);
        await File.WriteAllTextAsync(Path.Combine(host, "Program.cs"), """
            using System.Globalization;
            using Persona4Rec;

            var index = PersonaIndex.Load(args[0]);
            float[] user = [.. File.ReadAllText(args[0] + ".user").Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
            var best = index.Score(user, ["tuner", "pop"]).MaxBy(s => s.Score);
            Console.WriteLine($"served={best.ItemId} persona={best.MatchedPersona.Name}");
            """, token);
        string served = await DotnetAsync(host, token, "run", "--", indexPath);
        Assert.Contains("served=pop persona=Home Podcaster", served, StringComparison.Ordinal);
        string assets = await File.ReadAllTextAsync(Path.Combine(host, "obj", "project.assets.json"), token);
        foreach (string absent in new[] { "Polly.Core/", "Sep/", "Microsoft.ML.OnnxRuntime/", "Persona4Rec.Offline/", "Persona4Rec.Evaluation/" })
        {
            Assert.DoesNotContain($"\"{absent}", assets, StringComparison.OrdinalIgnoreCase);
        }

        // The tool, installed from the same feed.
        string tools = Path.Combine(_work, "tools");
        await DotnetAsync(app, token, "tool", "install", "Persona4Rec.Tool", "--version", _version, "--tool-path", tools, "--add-source", feed);
        SampleProcess.Result inspect = await SampleProcess.RunExecutableAsync(Path.Combine(tools, "persona4rec"), ["inspect", indexPath], TimeSpan.FromMinutes(2), token);
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        Assert.Contains("sentence-transformers/all-MiniLM-L6-v2", inspect.Output, StringComparison.Ordinal);
    }

    /// <summary>A fresh console project in its own folder that restores <paramref name="packages"/> (this run's version) from the local feed only.</summary>
    private async Task<string> NewProjectAsync(string name, string feed, string[] packages, CancellationToken token)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """, token);
        string references = string.Join("\n", packages.Select(p => $"""    <PackageReference Include="{p}" Version="{_version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """, token);
        return folder;
    }

    private static async Task<string> DotnetAsync(string workingDirectory, CancellationToken token, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        SampleProcess.Result result = await SampleProcess.RunExecutableAsync("dotnet", arguments, TimeSpan.FromMinutes(10), token, workingDirectory);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed after {clock.Elapsed.TotalSeconds:F0} s:\n{result.Output}");
        return result.Output;
    }
}
