using System.Diagnostics;
using Backtrace.Capture.Building;
using Backtrace.Capture.Delivery;
using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Capture.Model;
using Backtrace.Capture.Platform;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;

namespace Backtrace.Capture.Linux.Hook;

/// <summary>
/// The core_pattern pipe handler. Order matters: /proc/PID exists only until the core stream is drained
/// (the kernel reaps the process then), so process facts are read first; then the core is streamed
/// (kept bytes only), optionally copied to a kept core and to the previous handler; the snapshot goes to
/// the outbox. The caller arms the hard deadline (SIGALRM) before calling.
/// </summary>
public sealed class CrashHandler(HookConfiguration configuration, CrashFacts crash, Action<string> log)
{
    public string Handle(Stream core)
    {
        var started = Stopwatch.GetTimestamp();
        var captureOptions = new CaptureOptions
        {
            StackBytesPerThread = configuration.StackBytesPerThread,
            Scrubber = new SecretScrubber([.. SecretScrubber.DefaultPatterns, .. configuration.ScrubPatterns]),
        };
        captureOptions.Validate();

        // 1. /proc while the process still exists.
        var warnings = new List<string>();
        var process = new SnapshotProcess();
        var environment = ProcessFacts.Read(crash.Pid, process, captureOptions.Scrubber, warnings);
        SystemFacts.Read(environment.System);
        var host = SystemFacts.ReadHost();
        var threads = ReadThreadFacts();
        var cwd = environment.Process.TryGetValue("cwd", out var directory) ? directory.ToString() : "/";

        // 2. Side copies of the core, then the stream itself.
        using var copy = OpenCopies(host.Hostname ?? "localhost", cwd);
        var context = new CoreStreamContext
        {
            Pid = crash.Pid,
            Tid = crash.Tid,
            Signal = crash.Signal,
            Time = DateTimeOffset.FromUnixTimeSeconds(crash.Time),
            Comm = crash.Comm,
            CoreCopy = copy,
            Deadline = DateTime.UtcNow.AddSeconds(configuration.SoftDeadlineSeconds),
        };
        var snapshotOptions = new SnapshotOptions
        {
            Attributes = configuration.Attributes.ToDictionary(a => a.Key, a => AttributeValue.FromString(a.Value), StringComparer.Ordinal),
        };
        var moduleOptions = AgentCache.Use(new ModuleCacheOptions(), configuration.CacheDirectory, configuration.CacheMaxBytes);
        var runner = new CaptureRunner(CapturePlatforms.Current, moduleOptions, captureOptions, snapshotOptions);
        var snapshot = runner.ReadCoreStream(core, context, captured =>
        {
            captured.Warnings.AddRange(warnings);
            captured.Environment = environment;
            captured.Host = host;
            captured.Timestamp = context.Time.Value;
            Merge(captured.Process, process);
            foreach (var thread in captured.Threads)
            {
                if (threads.TryGetValue((int)thread.Tid, out var facts))
                {
                    thread.Name = facts.Name;
                    thread.KernelStack = facts.KernelStack;
                }
            }

            if (copy?.Failures is { Count: > 0 } failures)
            {
                captured.Warnings.AddRange(failures.Select(f => "core copy failed: " + f));
            }
        });

        // 3. The outbox; `backtrace-agent run` delivers it.
        var outbox = new Outbox(new OutboxOptions { Directory = configuration.Outbox, MaxFiles = configuration.OutboxMaxFiles, MaxBytes = configuration.OutboxMaxBytes });
        var dropped = new List<string>();
        var file = outbox.Enqueue(snapshot, dropped);
        foreach (var old in dropped)
        {
            log($"outbox full: dropped {old}");
        }

        log($"pid {crash.Pid} ({crash.Comm}) signal {crash.Signal}: snapshot {file} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        return file;
    }

    private Dictionary<int, ThreadFacts> ReadThreadFacts()
    {
        var facts = new Dictionary<int, ThreadFacts>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories($"/proc/{crash.Pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var tid))
                {
                    facts[tid] = ThreadFacts.Read(crash.Pid, tid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"/proc/{crash.Pid}/task could not be listed: {e.Message}");
        }

        return facts;
    }

    private static void Merge(SnapshotProcess target, SnapshotProcess facts)
    {
        target.ParentPid = facts.ParentPid ?? target.ParentPid;
        target.Uid = facts.Uid ?? target.Uid;
        target.Executable = facts.Executable ?? target.Executable;
        target.AgeSeconds = facts.AgeSeconds;
        if (facts.CommandLine.Count > 0)
        {
            target.CommandLine = facts.CommandLine;
        }
    }

    private TeeStream? OpenCopies(string hostname, string cwd)
    {
        var sinks = new List<(string, Stream)>();
        if (configuration.KeepCoreDirectory is { } keep)
        {
            Directory.CreateDirectory(keep);
            var path = Path.Combine(keep, $"core.{Sanitize(crash.Comm)}.{crash.Pid}.{crash.Time}");
            sinks.Add((path, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20)));
        }

        if (configuration.Chain && ChainTarget(hostname, cwd) is { } chained)
        {
            sinks.Add(chained);
        }

        return sinks.Count == 0 ? null : new TeeStream(sinks);
    }

    private (string, Stream)? ChainTarget(string hostname, string cwd)
    {
        var previous = configuration.PreviousPattern;
        if (string.IsNullOrWhiteSpace(previous) || CorePattern.IsAgentHandler(previous))
        {
            return null;
        }

        try
        {
            var expanded = crash.Expand(previous, hostname);
            if (expanded.StartsWith('|'))
            {
                var words = expanded[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var start = new ProcessStartInfo(words[0]) { RedirectStandardInput = true, UseShellExecute = false };
                foreach (var word in words.Skip(1))
                {
                    start.ArgumentList.Add(word);
                }

                var child = Process.Start(start)!;
                return ($"previous handler {words[0]}", child.StandardInput.BaseStream);
            }

            // A file pattern: relative paths are relative to the crashed process's directory, as the kernel does.
            var path = Path.IsPathRooted(expanded) ? expanded : Path.Combine(cwd, expanded);
            return (path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            log($"chaining to the previous core_pattern '{previous}' failed: {e.Message}");
            return null;
        }
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
