using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Persona4Rec.Tests.Architecture;

/// <summary>
/// The architecture as tests: which package may reference which (assembly references), and inside
/// Persona4Rec.Core which folder (layer) may use which (every name in the source bound by Roslyn and
/// traced to the folder that declares it). An arrow that points up fails with the file, the line and
/// the type it reached. docs/architecture.md draws the same picture.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Core's folders from the bottom up; a folder may use its own layer and those below, never one above.</summary>
    internal static readonly string[][] CoreLayers =
    [
        ["Internal", "Checks"],
        ["Model"],
        ["Abstractions"],
        ["Telemetry"],
        ["Alignment", "Profiles"],
        ["Indexing"],
        ["Encoding"],
        ["Recommendation"],
        ["DependencyInjection"],
    ];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static string RepositoryRoot =>
        typeof(LayeringTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Theory]
    [InlineData("Persona4Rec.Core", new[] { "Persona4Rec.Offline", "Persona4Rec.Evaluation", "Persona4Rec.Onnx", "Persona4Rec.Hnsw", "Persona4Rec.Orleans", "Polly.Core", "Sep", "Microsoft.Extensions.Caching.Abstractions", "Microsoft.ML.OnnxRuntime" })]
    [InlineData("Persona4Rec.Offline", new[] { "Persona4Rec.Evaluation", "Persona4Rec.Onnx", "Persona4Rec.Hnsw", "Persona4Rec.Orleans" })]
    [InlineData("Persona4Rec.Evaluation", new[] { "Persona4Rec.Offline", "Persona4Rec.Onnx", "Persona4Rec.Hnsw", "Persona4Rec.Orleans", "Polly.Core", "Sep" })]
    public void Packages_ReferenceOnlyDownwards(string package, string[] forbidden)
    {
        Assembly assembly = Assembly.Load(package);
        string[] references = [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.Empty(references.Intersect(forbidden, StringComparer.Ordinal));
        if (package != "Persona4Rec.Core")
        {
            Assert.Contains("Persona4Rec.Core", references);
        }
    }

    [Fact]
    public void Core_ReferencesNoLayerAboveItsOwn()
    {
        string core = Path.Combine(RepositoryRoot, "src", "Persona4Rec.Core");
        List<string> violations = Violations(core, []);
        Assert.True(violations.Count == 0, "Back edges in Persona4Rec.Core:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Core_LayerCheck_FindsABackEdge()
    {
        // The check itself must be able to fail: a record in Model that uses the index (a layer above).
        string core = Path.Combine(RepositoryRoot, "src", "Persona4Rec.Core");
        SyntaxTree bad = CSharpSyntaxTree.ParseText(
            "namespace Persona4Rec;\npublic sealed record BackEdge(PersonaIndex Index);\n",
            ParseOptions,
            path: Path.Combine(core, "Model", "BackEdge.cs"), cancellationToken: TestContext.Current.CancellationToken);

        List<string> violations = Violations(core, [bad]);

        Assert.Equal(["Model/BackEdge.cs:2 (Model) uses PersonaIndex (Indexing)"], violations);
    }

    [Fact]
    public void CoreLayers_CoverEveryFolderOfCore()
    {
        string core = Path.Combine(RepositoryRoot, "src", "Persona4Rec.Core");
        string[] folders = [.. Directory.GetDirectories(core).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order(StringComparer.Ordinal)!];
        Assert.Equal(CoreLayers.SelectMany(l => l).Order(StringComparer.Ordinal), folders);
    }

    /// <summary>Every use of a Core type from a file in a lower layer than the type's, as "file:line (layer) uses Type (layer)".</summary>
    private static List<string> Violations(string coreFolder, IEnumerable<SyntaxTree> extra)
    {
        List<SyntaxTree> trees = [.. Directory
            .EnumerateFiles(coreFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => Layer(coreFolder, f) is not null)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, path: f)), .. extra];

        // Core's own dependencies are in the test's output folder; Core itself is compiled from source.
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        IEnumerable<string> local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Persona4Rec.", StringComparison.Ordinal));
        MetadataReference[] references = [.. platform.Concat(local).DistinctBy(Path.GetFileName).Select(f => MetadataReference.CreateFromFile(f))];
        var compilation = CSharpCompilation.Create("LayerCheck", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        var violations = new List<string>();
        foreach (SyntaxTree tree in trees)
        {
            int from = Rank(Layer(coreFolder, tree.FilePath)!);
            SemanticModel model = compilation.GetSemanticModel(tree);
            var seen = new HashSet<(int Line, string Type)>();
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                while (type?.ContainingType is { } outer)
                {
                    type = outer;
                }

                string? file = type?.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree.FilePath;
                if (file is null || Layer(coreFolder, file) is not { } to || Rank(to) <= from)
                {
                    continue;
                }

                int line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                if (seen.Add((line, type!.Name)))
                {
                    string relative = Path.GetRelativePath(coreFolder, tree.FilePath).Replace('\\', '/');
                    violations.Add($"{relative}:{line} ({Layer(coreFolder, tree.FilePath)}) uses {type.Name} ({to})");
                }
            }
        }

        return violations;
    }

    private static string? Layer(string coreFolder, string file)
    {
        string relative = Path.GetRelativePath(coreFolder, file).Replace('\\', '/');
        int slash = relative.IndexOf('/', StringComparison.Ordinal);
        string? folder = slash < 0 ? null : relative[..slash];
        return folder is null or "bin" or "obj" ? null : folder;
    }

    private static int Rank(string folder)
    {
        int rank = Array.FindIndex(CoreLayers, l => l.Contains(folder, StringComparer.Ordinal));
        Assert.True(rank >= 0, $"The folder '{folder}' of Persona4Rec.Core is in no layer of LayeringTests.CoreLayers.");
        return rank;
    }
}
