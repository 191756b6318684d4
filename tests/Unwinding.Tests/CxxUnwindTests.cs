using Backtrace.NativeTargets;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>A C++ program stopped inside templates and lambdas: pcs match eu-stack, names match c++filt of eu-stack's raw names.</summary>
public sealed class CxxUnwindTests : IDisposable
{
    private readonly ModuleCache _cache = new();

    [Theory]
    [InlineData("-O0 -g")]
    [InlineData("-O2 -g")]
    public void TemplatesAndLambdas_MatchEuStackAndCppFilt(string flags)
    {
        using var process = StoppedProcess.Start(NativeProgram.Build("cxx.cpp", flags.Split(' ')), ["stop"]);
        var allRaw = EuStack.Parse(ExternalTool.Run("eu-stack", ["-p", process.Pid.ToString(), "-n", "0", "-r"]).StandardOutput);
        var capture = LiveCapture.Take(process.Pid);
        var walk = new ProcessUnwinder(capture.Process, _cache).Walk(capture.Threads[0].Registers);
        var raw = allRaw[capture.Threads[0].Tid];
        StackComparison.AssertSamePcs(capture.Threads[0].Tid, new ProcessUnwinder(capture.Process, _cache, new StackWalkOptions { Demangle = false }).Walk(capture.Threads[0].Registers), raw);

        var mangled = raw.ConvertAll(f => f.Function ?? "");
        var expected = ExternalTool.Check("sh", ["-c", "printf '%s\\n' \"$@\" | c++filt", "sh", .. mangled]).Split('\n');
        var physical = walk.Frames.FindAll(f => !f.Inlined);
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i].Function is not null)
            {
                Assert.Equal(expected[i], physical[i].Function);
            }
        }

        Assert.Contains(physical, f => f.Function!.StartsWith("double outer::inner::Box<double, 3>::apply<main::{lambda(double)#2}>(", StringComparison.Ordinal));
        Assert.Contains(physical, f => f.Function == "(anonymous namespace)::stop_here(int)");
    }

    public void Dispose() => _cache.Dispose();
}
