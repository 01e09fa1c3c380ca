namespace Persona4Rec.Onnx.Tests;

/// <summary>
/// Locates the shared review data (../shared/data beside the repository). CI always has it and a
/// missing file fails there; on a developer machine without it, the tests that need it are skipped
/// with a message saying so.
/// </summary>
internal static class SharedData
{
    public static string MusicalInstruments => Require(Path.Combine("amazon-musical-instruments", "reviews.jsonl"));

    private static string Require(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Persona4Rec.Core.sln")))
            {
                string path = Path.Combine(folder.FullName, "..", "shared", "data", relative);
                if (File.Exists(path))
                {
                    return path;
                }

                if (Environment.GetEnvironmentVariable("CI") == "true")
                {
                    Assert.Fail($"The shared data file {path} is missing; CI needs ../shared beside the repository.");
                }

                Assert.Skip($"The shared data file {path} is not here; these tests run where ../shared exists (always in CI).");
            }
        }

        Assert.Fail("The repository root (Persona4Rec.Core.sln) was not found above " + AppContext.BaseDirectory);
        return null!;
    }
}
