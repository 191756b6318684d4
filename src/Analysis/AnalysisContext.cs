using Backtrace.Analysis.Memory;
using Backtrace.Analysis.Symbols;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis;

/// <summary>Everything a rule reads, and the findings it writes to. One per analysis run.</summary>
internal sealed class AnalysisContext
{
    private FaultShape? _shape;
    private bool _shapeComputed;

    public AnalysisContext(Snapshot snapshot, AnalysisMemory memory, ISymbolLookup? symbols, AnalysisFindings findings)
    {
        Snapshot = snapshot;
        Memory = memory;
        Symbols = symbols;
        Findings = findings;
        Space = new AddressSpace(snapshot.Mappings);
        FaultingThread = snapshot.FaultingThread;
    }

    public Snapshot Snapshot { get; }
    public AnalysisMemory Memory { get; }
    public AddressSpace Space { get; }
    public ISymbolLookup? Symbols { get; }
    public AnalysisFindings Findings { get; }

    public SnapshotFault? Fault => Snapshot.Fault;
    public SnapshotThread? FaultingThread { get; }

    /// <summary>The decoded fault, or null when there is no faulting thread with a pc.</summary>
    public FaultShape? Shape
    {
        get
        {
            if (!_shapeComputed)
            {
                _shape = FaultShapeBuilder.Build(this);
                _shapeComputed = true;
            }

            return _shape;
        }
    }

    /// <summary>A register of the faulting thread.</summary>
    public ulong? Register(string name) =>
        FaultingThread is { } t && t.Registers.TryGetValue(name, out var v) ? v : null;

    /// <summary>The pc of the faulting thread: its <c>rip</c>, else its innermost frame.</summary>
    public ulong? Pc => Register("rip") ?? (FaultingThread is { Frames.Count: > 0 } t ? t.Frames[0].Pc : null);

    /// <summary>A target pointing at the faulting thread (and frame), for annotations.</summary>
    public AnnotationTarget? FaultTarget(int? frame = null, ulong? address = null) =>
        FaultingThread is { } t ? new AnnotationTarget { ThreadId = t.Tid, FrameIndex = frame, Address = address } : null;

    /// <summary>Module path and offset of an address, e.g. <c>libc.so.6+0x8a2b0</c>, or null.</summary>
    public string? Locate(ulong address)
    {
        foreach (var module in Snapshot.Modules)
        {
            if (address >= module.Base && address - module.Base < module.Size)
            {
                return $"{Path.GetFileName(module.Path)}+0x{address - module.Base:x}";
            }
        }

        return null;
    }

    /// <summary>A symbolic description of a code address: a frame's function when a frame has that pc, else module+offset.</summary>
    public string DescribeCode(ulong address)
    {
        foreach (var thread in Snapshot.Threads)
        {
            foreach (var frame in thread.Frames)
            {
                if (frame.Pc == address && frame.Function is not null)
                {
                    return $"{FrameNames.Describe(frame)} (0x{address:x})";
                }
            }
        }

        return Locate(address) is { } where ? $"{where} (0x{address:x})" : $"0x{address:x}";
    }
}
