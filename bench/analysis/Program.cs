// Analysis benchmark: all built-in rules (and, with --modules DIR, Lua modules) on the 60-thread snapshot or
// on a snapshot file. Prints the cold first run (Iced's one-time table set-up included) and warm
// percentiles. Goal (issue 4): built-in analysis under 5 ms warm on the 60-thread case.
using System.Diagnostics;
using Backtrace.Analysis;
using Backtrace.Analysis.Bench;
using Backtrace.Analysis.Lua;
using Backtrace.Snapshots.Json;

var iterations = 200;
string? snapshotFile = null;
string? moduleDirectory = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            iterations = n;
            i++;
            break;
        case "--modules" when i + 1 < args.Length:
            moduleDirectory = args[++i];
            break;
        case "--snapshot" when i + 1 < args.Length:
            snapshotFile = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: analysis-bench [--snapshot FILE.json] [--modules DIR] [--iterations N]");
            return 2;
    }
}

var json = snapshotFile is null ? SnapshotJson.Serialize(SixtyThreadSnapshot.Build()) : File.ReadAllBytes(snapshotFile);
var modules = moduleDirectory is null ? [] : LuaModule.FromDirectory(moduleDirectory);
var analyzer = new SnapshotAnalyzer();
var sample = SnapshotJson.Deserialize(json);
Console.WriteLine($"snapshot: {sample.Threads.Count} threads, {sample.Memory.Sum(m => (long)m.Bytes.Length) / 1024} KiB captured, " +
                  $"{sample.Mappings.Count} mappings; {modules.Count} Lua modules; {iterations} warm iterations");

double Run(out AnalysisResult result)
{
    var snapshot = SnapshotJson.Deserialize(json);
    GC.Collect(); // keep the collection of the previous copy out of the timed region
    var clock = Stopwatch.StartNew();
    result = analyzer.Analyze(snapshot, modules: modules);
    return clock.Elapsed.TotalMilliseconds;
}

var cold = Run(out var first);
var warm = new double[iterations];
var perRule = new Dictionary<string, double>();
for (var i = 0; i < iterations; i++)
{
    warm[i] = Run(out var result);
    foreach (var (rule, elapsed) in result.RuleElapsed)
    {
        perRule[rule] = perRule.GetValueOrDefault(rule) + (elapsed.TotalMilliseconds / iterations);
    }
}

Array.Sort(warm);
double Percentile(double p) => warm[Math.Min(warm.Length - 1, (int)(p * warm.Length))];
Console.WriteLine($"classifiers: {string.Join(' ', first.Findings.Classifiers)}");
foreach (var module in first.Modules)
{
    Console.WriteLine($"module {module.Module}: {module.Outcome} {module.Error}");
}

Console.WriteLine("mean ms per rule: " + string.Join(", ", perRule.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value:0.000}")));
Console.WriteLine($"{"analysis",-28}{"cold ms",10}{"min ms",10}{"median ms",12}{"p95 ms",10}{"goal ms",10}");
Console.WriteLine($"{(modules.Count == 0 ? "built-in rules" : "built-in + Lua modules"),-28}{cold,10:0.000}{warm[0],10:0.000}{Percentile(0.5),12:0.000}{Percentile(0.95),10:0.000}{(modules.Count == 0 ? "5" : "-"),10}");
return 0;
