using BenchmarkDotNet.Running;

namespace Persona4Rec.Benchmarks;

public static class Program
{
    // dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- --filter '*' --job short
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
