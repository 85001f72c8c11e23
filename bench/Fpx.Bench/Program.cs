using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Fpx.Bench -- --filter '*MatVec*'   (see bench/README.md)
BenchmarkSwitcher.FromAssembly(typeof(Fpx.Bench.MatVecBenchmarks).Assembly).Run(args);
