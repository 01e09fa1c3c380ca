using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Generation;

/// <summary>
/// Persona generation and index writing in a real child process (tests/Persona4Rec.CrashHost),
/// killed at random points and rerun: the work done before each kill is kept, the final checkpoint
/// and index are identical to an uninterrupted run's, and the index file is never seen half-written.
/// Kill points are chosen by the events the child prints, not by time.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int Kills = 6;
    private const string Checkpoint = "personas.jsonl";
    private const string IndexFile = "index.p4r";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact(Timeout = 300_000)]
    public async Task KilledAtRandomPoints_RerunEndsIdenticalToUninterruptedRun()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        string reference = Folder("reference");
        Assert.Equal(0, (await CrashHostProcess.RunAsync(reference, null, TimeSpan.Zero, cancellationToken)).ExitCode);
        Dictionary<string, string> expected = Entries(reference);

        string work = Folder("work");
        using var watcher = new IndexWatcher(Path.Combine(work, IndexFile));
        var random = new Random(4242);
        int kills = 0, killsInsideSave = 0, kept = 0;
        for (int attempt = 0; attempt < Kills; attempt++)
        {
            // Half the kills follow the n-th finished item, half the n-th "saving" line (inside or just after an index write).
            string prefix = random.Next(2) == 0 ? "item " : "saving ";
            int target = 1 + random.Next(prefix == "item " ? 5 : 2);
            int seen = 0, temporaryFiles = Directory.GetFiles(work, "*.tmp").Length;
            var delay = TimeSpan.FromMilliseconds(random.Next(3) == 0 ? 0 : random.Next(25));
            CrashHostProcess.Result run = await CrashHostProcess.RunAsync(
                work, line => line.StartsWith(prefix, StringComparison.Ordinal) && ++seen == target, delay, cancellationToken);
            if (!run.Killed)
            {
                Assert.True(run.ExitCode == 0, $"The host failed: {run.Errors}");
                break;
            }

            kills++;
            Dictionary<string, string> done = Entries(work);
            int reported = run.Lines.Count(l => l.StartsWith("item ", StringComparison.Ordinal));
            Assert.True(done.Count >= kept + reported, $"Kill {kills} after '{run.KilledAfter}': {done.Count} items in the checkpoint, but {kept} were kept before and {reported} more were reported done.");
            Assert.All(done, entry => Assert.Equal(expected[entry.Key], entry.Value));
            kept = done.Count;
            CheckIndexMatchesCheckpoint(work);
            killsInsideSave += Directory.GetFiles(work, "*.tmp").Length > temporaryFiles ? 1 : 0;
        }

        CrashHostProcess.Result last = await CrashHostProcess.RunAsync(work, null, TimeSpan.Zero, cancellationToken);
        Assert.True(last.ExitCode == 0, $"The final run failed: {last.Errors}");
        watcher.Stop();

        Assert.True(kills >= 3, $"Only {kills} runs were killed before the work was done.");
        Assert.Equal(SortedLines(reference), SortedLines(work));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, IndexFile)), File.ReadAllBytes(Path.Combine(work, IndexFile)));
        Assert.True(watcher.Problems.Count == 0, string.Join('\n', watcher.Problems));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kills} kills ({killsInsideSave} inside an index write, leaving a temporary file), {watcher.Loads} loads of the index file while the runs went on, none partial; " +
            $"{Directory.GetFiles(work, "*.tmp").Length} temporary files left behind by kills.");
    }

    private string Folder(string name)
    {
        string folder = _temp.File(name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The checkpoint's latest successful entry per item, as comparable text.</summary>
    private static Dictionary<string, string> Entries(string folder)
    {
        string path = Path.Combine(folder, Checkpoint);
        return !File.Exists(path) ? [] : PersonaPipeline.ReadCheckpoint(path).ToDictionary(
            i => i.ItemId,
            i => $"{i.Summary}|{string.Join('|', i.Personas.Select(Describe))}",
            StringComparer.Ordinal);
    }

    private static string Describe(Persona p) => $"{p.PersonaId}/{p.Name}/{p.Description}/{p.PreferenceRationale}/{string.Join(',', p.ReviewIds)}";

    private static string[] SortedLines(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, Checkpoint)).Where(l => l.Length > 0).Order(StringComparer.Ordinal)];

    /// <summary>The index left by a killed run is absent or whole, and holds only items the checkpoint holds, with the same personas.</summary>
    private static void CheckIndexMatchesCheckpoint(string folder)
    {
        string path = Path.Combine(folder, IndexFile);
        if (!File.Exists(path))
        {
            return;
        }

        PersonaIndex index = PersonaIndex.Load(path);
        var items = PersonaPipeline.ReadCheckpoint(Path.Combine(folder, Checkpoint)).ToDictionary(i => i.ItemId, StringComparer.Ordinal);
        for (int i = 0; i < index.ItemCount; i++)
        {
            string itemId = index.GetItemId(i);
            Assert.True(items.TryGetValue(itemId, out ItemPersonas? item), $"The index holds {itemId}, which the checkpoint does not.");
            Assert.Equal(item.Personas.Select(Describe), index.GetPersonas(itemId).Select(Describe));
        }
    }

    /// <summary>Loads the index file over and over while the child runs: a reader must never find a partial file.</summary>
    private sealed class IndexWatcher : IDisposable
    {
        private readonly string _path;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public IndexWatcher(string path)
        {
            _path = path;
            _loop = Task.Run(Watch);
        }

        public List<string> Problems { get; } = [];

        public int Loads { get; private set; }

        public void Stop()
        {
            _stop.Cancel();
            _loop.Wait();
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested)
            {
                Stop();
            }

            _stop.Dispose();
        }

        private async Task Watch()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _ = PersonaIndex.Load(_path);
                    Loads++;
                }
                catch (FileNotFoundException)
                {
                    // Not written yet.
                }
                catch (Exception e)
                {
                    Problems.Add($"{e.GetType().Name}: {e.Message}");
                }

                try
                {
                    await Task.Delay(10, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
