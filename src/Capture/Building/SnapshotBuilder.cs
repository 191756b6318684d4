using System.Runtime.InteropServices;
using Backtrace.Capture.Model;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>
/// Builds the snapshot from a captured process: unwinds and symbolizes every thread, lists modules with
/// build-ids (and the disk build-id where it differs), copies the labelled memory, and adds the fault,
/// environment and metadata. Works on the copy only; never touches the target.
/// </summary>
public sealed class SnapshotBuilder(ModuleCache cache, SnapshotOptions options)
{
    /// <summary>Name the snapshot gives as its producer.</summary>
    public const string AgentName = "backtrace-agent";

    /// <summary>Where the phases' time is recorded, or null.</summary>
    public CaptureTimings? Timings { get; init; }

    public Snapshot Build(CapturedProcess captured, IReadOnlyList<string>? globals = null, int globalMaxBytes = 4096)
    {
        var unwinder = new ProcessUnwinder(captured, cache, options.Walk);
        var warnings = new List<string>(captured.Warnings);
        var snapshot = new Snapshot
        {
            Uuid = Guid.NewGuid(),
            Timestamp = captured.Timestamp,
            Agent = AgentName,
            AgentVersion = typeof(SnapshotBuilder).Assembly.GetName().Version?.ToString(3),
            Language = "c",
            Application = options.Application ?? captured.Process.Name,
            ApplicationVersion = options.ApplicationVersion,
            Host = captured.Host,
            Process = captured.Process,
            Fault = captured.Fault is { } fault ? FaultDescription.From(fault) : null,
            Mappings = captured.Mappings,
            Environment = captured.Environment,
            Attributes = new Dictionary<string, AttributeValue>(options.Attributes, StringComparer.Ordinal),
            Capture = new CaptureInfo { Source = captured.Source, StopMicroseconds = captured.StopMicroseconds, Warnings = warnings },
        };

        foreach (var module in unwinder.Modules)
        {
            snapshot.Modules.Add(module.ToSnapshotModule());
            if (module.Problem is { } problem)
            {
                warnings.Add($"module {module.Target.Path}: {problem}");
            }
        }

        Timings?.Lap("modules");
        foreach (var thread in captured.Threads)
        {
            snapshot.Threads.Add(Walk(unwinder, thread, warnings));
        }

        Timings?.Lap("threads");
        var mappings = new MappingLookup(captured.Mappings);
        AddMemory(snapshot, captured, mappings);
        if (globals is not null)
        {
            AddGlobals(snapshot, captured, mappings, unwinder, globals, globalMaxBytes, warnings);
        }

        Timings?.Lap("memory");

        return snapshot;
    }

    private static SnapshotThread Walk(ProcessUnwinder unwinder, CapturedThread thread, List<string> warnings)
    {
        var registers = thread.Registers;
        var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref registers[0], UserRegisters.Count));
        var result = unwinder.Walk(X64RegisterSet.FromUserRegs(bytes));
        if (result.End is StackWalkEnd.Lost or StackWalkEnd.NoContext && result.Detail is { } detail)
        {
            warnings.Add($"thread {thread.Tid}: the stack walk stopped early: {detail}");
        }

        return new SnapshotThread
        {
            Tid = thread.Tid,
            Name = thread.Name,
            State = thread.State,
            Faulted = thread.Faulted,
            Registers = thread.Registers.ToDictionary(),
            Frames = result.Frames,
            KernelStack = thread.KernelStack,
        };
    }

    private static void AddMemory(Snapshot snapshot, CapturedProcess captured, MappingLookup mappings)
    {
        foreach (var range in captured.SnapshotRanges)
        {
            var bytes = new byte[range.Length];
            var read = captured.Memory.Read(range.Start, bytes);
            if (read > 0)
            {
                snapshot.Memory.Add(new MemoryRegion
                {
                    Address = range.Start,
                    Label = range.Label,
                    Permissions = mappings.PermissionsAt(range.Start),
                    Bytes = read == bytes.Length ? bytes : bytes[..read],
                });
            }
        }
    }

    private static void AddGlobals(Snapshot snapshot, CapturedProcess captured, MappingLookup mappings, ProcessUnwinder unwinder, IReadOnlyList<string> globals, int maxBytes, List<string> warnings)
    {
        foreach (var name in globals)
        {
            if (!unwinder.TryFindSymbol(name, out var address, out var size))
            {
                warnings.Add($"global {name}: no module defines this symbol");
                continue;
            }

            var bytes = new byte[Math.Clamp((long)size, 1, maxBytes)];
            var read = captured.Memory.Read(address, bytes);
            if (read == 0)
            {
                warnings.Add($"global {name} at 0x{address:x}: its memory was not captured");
                continue;
            }

            snapshot.Memory.Add(new MemoryRegion { Address = address, Label = "global:" + name, Permissions = mappings.PermissionsAt(address), Bytes = bytes[..read] });
        }
    }
}
