using System.Diagnostics;
using System.Globalization;
using Backtrace.NativeTargets;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

// Usage: dotnet run -c Release --project bench/unwinding [-- rounds]
// Target mode (internal): "--dotnet-target N" parks N threads and waits to be stopped.
if (args.Length == 2 && args[0] == "--dotnet-target")
{
    var threads = int.Parse(args[1], CultureInfo.InvariantCulture);
    using var gate = new ManualResetEventSlim();
    for (var i = 0; i < threads; i++)
    {
        new Thread(() => gate.Wait()) { IsBackground = true }.Start();
    }

    Console.WriteLine("ready");
    gate.Wait();
    return 0;
}

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
Console.WriteLine("Unwinding library benchmark (provisional: other work shares this machine). Times in ms, best of " + rounds + ".");
Console.WriteLine($"{"target",-34} {"threads",7} {"frames",7} {"same as eu-stack",17} {"cold",8} {"warm",8} {"eu-stack",9} {"eu-stack -s -i",15}");

using (var process = StoppedProcess.Start(NativeProgram.Build("stacks.c", "-O2", "-g"), ["threads", "9"], expectedThreads: 10))
{
    Measure("C program, 10 threads", process.Pid, rounds);
}

// The .NET target is started through a shell so it is not our child: the runtime reaps its children's wait
// statuses, which races with ptrace stops.
var ready = Path.Combine(NativeProgram.OutputDirectory, "dotnet-target.ready");
var pid = int.Parse(ExternalTool.Check("/bin/sh", "-c", "\"$0\" --dotnet-target 60 >\"$1\" 2>&1 </dev/null & echo $!", Environment.ProcessPath!, ready).Trim(), CultureInfo.InvariantCulture);
try
{
    var clock = Stopwatch.StartNew();
    while (!(File.Exists(ready) && File.ReadAllText(ready).Contains("ready", StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(60))
    {
        Thread.Sleep(10);
    }

    ExternalTool.Check("kill", "-STOP", pid.ToString(CultureInfo.InvariantCulture));
    WaitStopped(pid);
    Measure(".NET process, 60+ threads (JIT)", pid, rounds);
}
finally
{
    ExternalTool.Run("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
}

return 0;

static void Measure(string name, int pid, int rounds)
{
    var expected = EuStack.OfProcess(pid);
    var capture = LiveCapture.Take(pid);
    double cold = double.MaxValue, warm = double.MaxValue, euStack = double.MaxValue, euStackFull = double.MaxValue;
    double symbolsOnly = double.MaxValue, noInlines = double.MaxValue, diskCached = double.MaxValue;
    var cacheDirectory = Path.Combine(NativeProgram.OutputDirectory, "inflated-sections");
    int frames = 0, same = 0;
    for (var round = 0; round < rounds; round++)
    {
        using var cache = new ModuleCache();
        var clock = Stopwatch.StartNew();
        var unwinder = new ProcessUnwinder(capture.Process, cache);
        frames = 0;
        same = 0;
        foreach (var (tid, registers) in capture.Threads)
        {
            var walk = unwinder.Walk(registers);
            frames += walk.Frames.Count;
            var physical = walk.Frames.FindAll(f => !f.Inlined);
            if (expected.TryGetValue(tid, out var theirs) && physical.Count == theirs.Count
                && physical.Select(f => f.Pc).SequenceEqual(theirs.Select(f => f.Pc)))
            {
                same++;
            }
        }

        cold = Math.Min(cold, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        var again = new ProcessUnwinder(capture.Process, cache);
        foreach (var (_, registers) in capture.Threads)
        {
            again.Walk(registers);
        }

        warm = Math.Min(warm, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        using (var symbolCache = new ModuleCache())
        {
            var symbols = new ProcessUnwinder(capture.Process, symbolCache, new StackWalkOptions { SourceLines = false });
            foreach (var (_, registers) in capture.Threads)
            {
                symbols.Walk(registers);
            }
        }

        symbolsOnly = Math.Min(symbolsOnly, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        using (var lineCache = new ModuleCache())
        {
            var lines = new ProcessUnwinder(capture.Process, lineCache, new StackWalkOptions { InlineFrames = false });
            foreach (var (_, registers) in capture.Threads)
            {
                lines.Walk(registers);
            }
        }

        noInlines = Math.Min(noInlines, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        using (var diskCache = new ModuleCache(new ModuleCacheOptions { InflatedSectionCacheDirectory = cacheDirectory }))
        {
            var cached = new ProcessUnwinder(capture.Process, diskCache);
            foreach (var (_, registers) in capture.Threads)
            {
                cached.Walk(registers);
            }
        }

        // The first round fills the on-disk cache; later rounds show what a one-shot agent pays afterwards.
        diskCached = round == 0 ? double.MaxValue : Math.Min(diskCached, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        EuStack.OfProcess(pid);
        euStack = Math.Min(euStack, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        EuStack.OfProcess(pid, inlines: true, sourceLines: true);
        euStackFull = Math.Min(euStackFull, clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"{name,-34} {capture.Threads.Count,7} {frames,7} {same + "/" + capture.Threads.Count,17} {cold,8:F1} {warm,8:F1} {euStack,9:F1} {euStackFull,15:F1}");
    Console.WriteLine($"{"",-34} cold without source lines: {symbolsOnly:F1}; cold with lines but no inline frames: {noInlines:F1}; cold with inflated sections cached on disk: {diskCached:F1}");
}

static void WaitStopped(int pid)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(10))
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        if (stat[stat.LastIndexOf(')') + 2] == 'T')
        {
            return;
        }

        Thread.Yield();
    }

    throw new TimeoutException($"process {pid} did not stop");
}
