using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Persona4Rec;
using Persona4Rec.Cluster;
using Persona4Rec.Onnx;
using Persona4Rec.Samples.Cluster;
using Persona4Rec.Samples.Quickstart;

// Persona4Rec on a local 2-silo Orleans cluster: build the demo index, split it into 2 shards,
// start two silos on 127.0.0.1, roll the version out, and serve recommendations through a client
// whose answers equal those of the single in-process index.
// Usage: Persona4Rec.Samples.Cluster [basePort=11111] [dataFolder]
int basePort = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 11111;
string dataFolder = args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "data");
string work = Path.Combine(Path.GetTempPath(), "persona4rec-cluster-sample-" + Environment.ProcessId);
Directory.CreateDirectory(work);

// Offline: encode the demo personas once, build the index, split it by item into 2 shard files.
var catalogue = DemoData.Read<DemoCatalogue>(Path.Combine(dataFolder, "demo-catalogue.json"));
var users = DemoData.Read<DemoUsers>(Path.Combine(dataFolder, "demo-users.json"));
using var embeddings = new OnnxEmbeddingGenerator();
var encoder = new EmbeddingPersonaEncoder(embeddings);
PersonaIndexBuilder builder = PersonaIndexBuilder.For(encoder);
foreach (DemoItem item in catalogue.Items)
{
    await builder.AddAsync(DemoData.ToItemPersonas(item), encoder); // encodes each persona with the item's summary
}

PersonaIndex index = builder.Build();
PersonaShardManifest manifest = PersonaIndexSharding.Split(index, shardCount: 2, version: 1, Path.Combine(work, "v1"));
Console.WriteLine($"Index: {index.ItemCount} items, {index.PersonaCount} personas; shards: {string.Join(", ", manifest.Shards.Select(s => $"#{s.Shard} {s.ItemCount} items"))}.");

// Two silos and a client, all on 127.0.0.1.
var clock = Stopwatch.StartNew();
using IHost silo0 = await LocalCluster.StartSiloAsync(0, basePort, work);
using IHost silo1 = await LocalCluster.StartSiloAsync(1, basePort, work);
using IHost clientHost = await LocalCluster.StartClientAsync(2, basePort);
Console.WriteLine($"Cluster: 2 silos on 127.0.0.1:{basePort}-{basePort + 1}, client via gateways {basePort + 100}-{basePort + 101}, started in {clock.Elapsed.TotalSeconds:F1} s.");

var cluster = new PersonaClusterIndex(clientHost.Client());
PersonaIndexVersionInfo version = await cluster.RollOutAsync(Path.Combine(work, "v1", PersonaShardManifest.FileName));
foreach (int shard in Enumerable.Range(0, version.ShardCount))
{
    PersonaShardInfo info = await clientHost.Client().GetGrain<IPersonaShardGrain>(PersonaShardKey.Format("default", version.Version, shard)).LoadAsync();
    Console.WriteLine($"  shard {info.Shard} of version {info.Version}: {info.ItemCount} items, {info.PersonaCount} personas, file {manifest.Shards[shard].Length:N0} bytes of which {info.VectorMemoryBytes:N0} vectors, memory-mapped: {info.IsMemoryMapped}, on silo {info.Silo}");
}

// Online: profiles from the users' histories, then rerank (each candidate goes to its shard) and search (all shards, merged).
var profiles = new UserProfileBuilder(encoder);
int identical = 0, answers = 0;
foreach (DemoUser user in users.Users)
{
    InteractionText[] history = [.. user.Interactions.Select(i => new InteractionText(
        new UserInteraction(user.UserId, i.ItemId, i.Timestamp, ReviewText: i.Text), index.ContainsItem(i.ItemId) ? index.GetItemSummary(i.ItemId) : null, null))];
    UserProfile profile = await profiles.BuildAsync(user.UserId, history);
    var vector = new float[encoder.Dimension];
    profile.CopyVectorTo(vector);
    string[] candidates = [.. user.Candidates.Where(c => !profile.HasInteractedWith(c))];

    clock.Restart();
    PersonaClusterResult reranked = await cluster.ScoreAsync(vector, candidates);
    PersonaClusterResult top = await cluster.SearchAsync(vector, 3, new PersonaClusterSearchOptions { ExcludeItemIds = [.. user.Interactions.Select(i => i.ItemId)] });
    double milliseconds = clock.Elapsed.TotalMilliseconds;

    Console.WriteLine();
    Console.WriteLine($"User {user.UserId} (version {reranked.Version}, rerank + search in {milliseconds:F1} ms)");
    foreach (ScoredItem scored in reranked.Items.OrderByDescending(s => s.Score).Take(3))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scored.ItemId,-14} {scored.Score:F3}  because you look like a \"{scored.MatchedPersona.Name}\""));
    }

    Console.WriteLine($"  full-catalogue top-3: {string.Join(", ", top.Items.Select(t => t.ItemId))}");
    ScoredItem[] local = index.Search(vector, 3, new SearchOptions { ExcludeItemIds = [.. user.Interactions.Select(i => i.ItemId)] });
    identical += Same(local, top.Items) && Same(index.Score(vector, candidates), reranked.Items) ? 1 : 0;
    answers++;
}

Console.WriteLine();
Console.WriteLine($"Identical to the in-process index: {identical} of {answers} users.");
await clientHost.StopAsync();
await silo1.StopAsync();
await silo0.StopAsync();
Directory.Delete(work, recursive: true);
return identical == answers ? 0 : 1;

// Personas come back as new instances (their review-id lists compare by reference): compare what identifies a result.
static bool Same(IReadOnlyList<ScoredItem> a, IReadOnlyList<ScoredItem> b) =>
    a.Count == b.Count && a.Zip(b).All(p => p.First.ItemId == p.Second.ItemId && p.First.Score.Equals(p.Second.Score) && p.First.MatchedPersona.PersonaId == p.Second.MatchedPersona.PersonaId);
