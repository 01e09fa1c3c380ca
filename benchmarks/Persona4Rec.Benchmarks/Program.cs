using BenchmarkDotNet.Running;

namespace Persona4Rec.Benchmarks;

public static class Program
{
    // dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- --filter '*' --job short
    // dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- chart REPORT.csv OUT.png
    // dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- hnsw-cache 1000000 [topical|review-like|uniform]
    public static void Main(string[] args)
    {
        if (args is ["chart", string csv, string png])
        {
            GrowthChart.Draw(csv, png);
            return;
        }

        if (args is ["hnsw-cache", string personas, .. var rest])
        {
            HnswCache.Prepare(int.Parse(personas, System.Globalization.CultureInfo.InvariantCulture), rest is [string shape] ? shape : "topical");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
