using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>
/// A seeded mutation fuzzer over valid index files (<see cref="IndexFileMutator"/>): every input
/// must load, or fail with <see cref="PersonaIndexFormatException"/>, within a time limit and an
/// allocation bound proportional to the file size; a file that loads must also work when queried.
/// Every input is also opened memory-mapped, where texts are checked on first use: opening and
/// then using the index (every persona and summary decoded) may only give that exception too.
/// CI runs a few thousand inputs; <c>P4R_FUZZ_ITERATIONS</c> and <c>P4R_FUZZ_SEED</c> set a long run
/// (docs/reliability.md). Any input can be regenerated from the seed and its number.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed partial class IndexFileFuzzTests : IDisposable
{
    private const int DefaultIterations = 2000;
    private const int DefaultSeed = 9_2026;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_MutatedFiles_OnlyFormatErrorsWithBoundedAllocation()
    {
        int iterations = Setting("P4R_FUZZ_ITERATIONS", DefaultIterations);
        int seed = Setting("P4R_FUZZ_SEED", DefaultSeed);
        IndexFileMutator[] mutators = [Mutator("small.p4r", TestIndexes.RandomIndex(11, 12, 20)), Mutator("medium.p4r", TestIndexes.RandomIndex(12, 80, 64))];
        var report = new FuzzReport();
        string input = _temp.File("input.p4r");
        var current = new StrongBox<string?>("not started");
        var worker = new Thread(() =>
        {
            for (int i = 0; i < iterations; i++)
            {
                var random = new Random(unchecked((seed * 1_000_003) + i));
                (byte[] bytes, string kind) = mutators[i % mutators.Length].Next(random);
                Volatile.Write(ref current.Value, $"input {i} ({kind}, {bytes.Length} bytes, seed {seed})");
                File.WriteAllBytes(input, bytes);
                report.Add(i, kind, bytes.Length, IndexLoadProbe.Load(input, wholeProcess: true), input, seed);

                // The same input memory-mapped, in its own file (a mapping must never see its file rewritten).
                string mappedInput = _temp.File($"mapped-{i}.p4r");
                File.WriteAllBytes(mappedInput, bytes);
                report.Add(i, kind + "/mapped", bytes.Length, IndexLoadProbe.Load(mappedInput, mapped: true), mappedInput, seed);
            }
        });
        var clock = Stopwatch.StartNew();
        worker.Start();
        TimeSpan limit = TimeSpan.FromSeconds(60) + (iterations * TimeSpan.FromMilliseconds(20));
        Assert.True(worker.Join(limit), $"The fuzzer did not finish within {limit}; it was at {Volatile.Read(ref current.Value)} (a hang).");
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(report.Summary(iterations, seed, clock.Elapsed));
        Assert.True(report.Failures.Count == 0, string.Join('\n', report.Failures));
        Assert.True(report.Slowest < HangLimit, $"The slowest input took {report.Slowest}.");
    }

    private IndexFileMutator Mutator(string name, PersonaIndex index)
    {
        string path = _temp.File(name);
        index.Save(path);
        return new IndexFileMutator(File.ReadAllBytes(path));
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    /// <summary>Digits, hex checksums and quoted texts removed: what is left names the check that fired.</summary>
    [GeneratedRegex(@"[0-9A-F]{16}|-?\d+|'[^']*'")]
    private static partial Regex Specifics();

    private sealed class FuzzReport
    {
        /// <summary>From this size on the fixed cost of a load (exception, stack trace, small buffers) no longer dominates the ratio.</summary>
        private const int LargeFile = 64 * 1024;

        private readonly Dictionary<string, int> _kinds = [];
        private readonly HashSet<string> _checks = [];
        private int _formatErrors;
        private int _loaded;
        private double _maxRatioLarge;
        private long _maxBytes;

        public List<string> Failures { get; } = [];

        public TimeSpan Slowest { get; private set; }

        public void Add(int number, string kind, int length, IndexLoadProbe.Outcome outcome, string input, int seed)
        {
            _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
            Slowest = outcome.Elapsed > Slowest ? outcome.Elapsed : Slowest;
            long bytes = Math.Max(outcome.ThreadBytes, outcome.ProcessBytes);
            _maxBytes = Math.Max(_maxBytes, bytes);
            _maxRatioLarge = length >= LargeFile ? Math.Max(_maxRatioLarge, (double)bytes / length) : _maxRatioLarge;
            string? problem = null;
            if (outcome.Error is PersonaIndexFormatException error)
            {
                _formatErrors++;
                _checks.Add(Specifics().Replace(error.Message, "#"));
            }
            else if (outcome.Error is not null)
            {
                problem = $"{outcome.Error.GetType().Name}: {outcome.Error}";
            }
            else
            {
                _loaded++;
            }

            if (bytes > IndexLoadProbe.AllocationBound(length))
            {
                problem = $"allocated {bytes} bytes for a {length}-byte file";
            }

            if (problem is not null && Failures.Count < 20)
            {
                string kept = Path.Combine(Path.GetTempPath(), "p4r-fuzz-failures", $"{seed}-{number}.p4r");
                Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
                File.Copy(input, kept, overwrite: true);
                Failures.Add($"input {number} ({kind}, kept at {kept}): {problem}");
            }
        }

        public string Summary(int iterations, int seed, TimeSpan elapsed)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{iterations} inputs (seed {seed}) in {elapsed.TotalSeconds:F1} s: ");
            text.Append(CultureInfo.InvariantCulture, $"{_formatErrors} PersonaIndexFormatException, {_loaded} loaded and queried, {Failures.Count} other outcomes; ");
            text.Append(CultureInfo.InvariantCulture, $"{_checks.Count} distinct format messages; slowest load {Slowest.TotalMilliseconds:F0} ms; ");
            text.Append(CultureInfo.InvariantCulture, $"largest allocation {_maxBytes} bytes (allowed: 16 × file size + 1 MiB), at most {_maxRatioLarge:F1} bytes per file byte for files of 64 KiB or more");
            text.AppendLine().Append("by mutation: ").AppendJoin(", ", _kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
            return text.ToString();
        }
    }
}
