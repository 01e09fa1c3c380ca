namespace Persona4Rec.Samples.Tests;

/// <summary>
/// Code in the docs comes from code that compiles: every ```csharp block whose first line is
/// <c>// path/to/File.cs</c> must appear in that file, line by line in order (indentation aside).
/// </summary>
public sealed class DocsSnippetTests
{
    public static TheoryData<string> Documents() =>
        [.. Directory.GetFiles(Path.Combine(SampleProcess.RepositoryRoot, "docs"), "*.md").Select(f => Path.GetFileName(f)).Append("../README.md")];

    [Theory]
    [MemberData(nameof(Documents))]
    public void SnippetsWithASourceLine_MatchTheirSource(string document)
    {
        string root = SampleProcess.RepositoryRoot;
        string[] lines = File.ReadAllLines(Path.Combine(root, "docs", document));
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp" || i + 1 >= lines.Length || !lines[i + 1].TrimStart().StartsWith("// ", StringComparison.Ordinal) || !lines[i + 1].Trim().EndsWith(".cs", StringComparison.Ordinal))
            {
                continue;
            }

            string source = Path.Combine(root, lines[i + 1].Trim()[3..]);
            Assert.True(File.Exists(source), $"{document} line {i + 2} names {source}, which does not exist.");
            string[] code = [.. File.ReadAllLines(source).Select(l => l.Trim())];
            int at = 0;
            for (int j = i + 2; j < lines.Length && lines[j].Trim() != "```"; j++)
            {
                string wanted = lines[j].Trim();
                if (wanted.Length == 0)
                {
                    continue;
                }

                int found = Array.IndexOf(code, wanted, at);
                Assert.True(found >= 0, $"{document} line {j + 1} is not in {Path.GetFileName(source)} (after line {at}): {wanted}");
                at = found + 1;
            }
        }
    }

    [Fact]
    public void AtLeastOneDocumentHasCheckedSnippets()
    {
        string text = File.ReadAllText(Path.Combine(SampleProcess.RepositoryRoot, "docs", "getting-started.md"));
        Assert.Contains("```csharp\n// samples/", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
