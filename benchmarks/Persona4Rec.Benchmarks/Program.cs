using BenchmarkDotNet.Running;

namespace Persona4Rec.Benchmarks;

public static class Program
{
    // dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- --filter '*' --job short
    // dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- chart REPORT.csv OUT.png
    public static void Main(string[] args)
    {
        if (args is ["chart", string csv, string png])
        {
            GrowthChart.Draw(csv, png);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
