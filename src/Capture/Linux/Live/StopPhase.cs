using System.Runtime.InteropServices;
using Backtrace.Capture.Linux.Native;
using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.Live;

/// <summary>
/// The part of a live capture during which the target is stopped: freeze, registers, maps, copy,
/// detach. All buffers are allocated by the constructor; <see cref="Run"/> allocates only if the
/// process has grown past them. <see cref="Describe"/> turns the raw results into the model afterwards.
/// </summary>
internal sealed unsafe class StopPhase
{
    private readonly int _pid;
    private readonly CaptureOptions _options;
    private readonly ThreadFreezer _freezer;
    private readonly byte[] _mapsPath;
    private byte[] _registers;
    private byte[] _sigInfo;
    private readonly byte[] _queued = GC.AllocateUninitializedArray<byte>(QueuePeekCount * LinuxSigInfo.Size, pinned: true);
    private byte[] _mapsText = GC.AllocateUninitializedArray<byte>(256 * 1024);
    private MapsEntry[] _maps = new MapsEntry[1024];
    private RangeLabel[] _labels = new RangeLabel[1024];
    private readonly byte[] _copyBuffer;
    private readonly CopyPlan _plan;
    private readonly IoVec[] _localIov = new IoVec[1024];
    private readonly IoVec[] _remoteIov = new IoVec[1024];
    private int _mapsLength;
    private int _mapCount;
    private int _labelCount;

    private readonly IReadOnlyList<(ulong Start, ulong End)> _extraRanges;

    // Queued signals looked at per thread for a fault: a thread rarely has more than one or two queued.
    private const int QueuePeekCount = 8;

    public StopPhase(int pid, CaptureOptions options, int expectedThreads, IReadOnlyList<(ulong Start, ulong End)> extraRanges)
    {
        _extraRanges = extraRanges;
        _pid = pid;
        _options = options;
        _freezer = new ThreadFreezer(pid, expectedThreads);
        _mapsPath = ProcFile.Path($"/proc/{pid}/maps");
        var slots = Math.Max(64, expectedThreads * 2);
        _registers = GC.AllocateUninitializedArray<byte>(slots * UserRegisters.Size, pinned: true);
        _sigInfo = GC.AllocateUninitializedArray<byte>(slots * LinuxSigInfo.Size, pinned: true);
        var perThread = options.StackBytesPerThread + UserRegisters.GeneralPurpose.Length * 2L * options.PointerWindowBytes;
        var wanted = slots * perThread + 2L * options.FaultWindowBytes + 4L * 1024 * 1024;
        _copyBuffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Min(wanted, options.MemoryBudgetBytes), Array.MaxLength), pinned: true);
        _plan = new CopyPlan(_copyBuffer.Length);
    }

    /// <summary>Nanoseconds from the first seize to the last detach.</summary>
    public long StopNanoseconds { get; private set; }

    /// <summary>errno of the first refused seize (EPERM: not allowed), 0 otherwise.</summary>
    public int SeizeError => _freezer.FirstSeizeError;

    public void Run()
    {
        var started = LibC.MonotonicNanoseconds();
        try
        {
            _freezer.Freeze(_options.StopDeadline);
            if (_freezer.Count > _registers.Length / UserRegisters.Size)
            {
                _registers = GC.AllocateUninitializedArray<byte>(_freezer.Count * UserRegisters.Size, pinned: true);
                _sigInfo = GC.AllocateUninitializedArray<byte>(_freezer.Count * LinuxSigInfo.Size, pinned: true);
            }

            ReadRegisters();
            _mapsLength = ProcFile.Read(_mapsPath, ref _mapsText);
            if (_mapsLength > 0)
            {
                _mapCount = MapsParser.Parse(_mapsText.AsSpan(0, _mapsLength), ref _maps);
                PlanCopies();
                _plan.Merge();
                RemoteReader.Copy(_pid, _plan.Ranges, _copyBuffer, _localIov, _remoteIov);
            }
        }
        finally
        {
            _freezer.Thaw();
            StopNanoseconds = LibC.MonotonicNanoseconds() - started;
        }
    }

    private void ReadRegisters()
    {
        fixed (byte* registers = _registers)
        fixed (byte* sigInfo = _sigInfo)
        {
            for (var i = 0; i < _freezer.Count; i++)
            {
                ref var thread = ref _freezer.Threads[i];
                if (!thread.Stopped)
                {
                    continue;
                }

                thread.HasRegisters = Ptrace.GetRegisters(thread.Tid, registers + i * UserRegisters.Size) == 0;
                thread.HasSignalInfo = thread.PendingSignal != 0
                    ? Ptrace.GetSignalInfo(thread.Tid, sigInfo + i * LinuxSigInfo.Size) == 0
                    : FindQueuedFault(thread.Tid, sigInfo + i * LinuxSigInfo.Size);
            }
        }
    }

    /// <summary>
    /// A fault that was raised but not yet delivered when the stop came (the interrupt is served before pending signals
    /// are dequeued) is still in the thread's queue: copy the first fault signal found there into <paramref name="slot"/>.
    /// </summary>
    private bool FindQueuedFault(int tid, byte* slot)
    {
        fixed (byte* queued = _queued)
        {
            var count = Ptrace.PeekQueuedSignals(tid, queued, QueuePeekCount);
            for (var k = 0; k < count; k++)
            {
                var info = queued + k * LinuxSigInfo.Size;
                if (IsFault(*(int*)info))
                {
                    new ReadOnlySpan<byte>(info, LinuxSigInfo.Size).CopyTo(new Span<byte>(slot, LinuxSigInfo.Size));
                    return true;
                }
            }
        }

        return false;
    }

    private void PlanCopies()
    {
        var maps = _maps.AsSpan(0, _mapCount);
        for (var i = 0; i < _freezer.Count; i++)
        {
            if (!_freezer.Threads[i].HasRegisters)
            {
                continue;
            }

            var registers = RegistersOf(i);
            var sp = registers[UserRegisters.Rsp];
            if (Find(maps, sp) is var stack and >= 0)
            {
                // From the red zone below rsp up to the bound (or the top of the stack mapping).
                var start = Math.Max(maps[stack].Start, (sp - 128) & ~15UL);
                var end = Math.Min(maps[stack].End, sp + (ulong)_options.StackBytesPerThread);
                Plan(start, end, RangeLabel.StackKind, i, 0);
            }

            foreach (var slot in UserRegisters.GeneralPurpose)
            {
                var value = registers[slot];
                if (slot != UserRegisters.Rsp && Find(maps, value) is var mapping and >= 0 && maps[mapping].Readable)
                {
                    var window = (ulong)_options.PointerWindowBytes;
                    Plan(Math.Max(maps[mapping].Start, value - Math.Min(value, window)), Math.Min(maps[mapping].End, value + window), RangeLabel.RegisterKind, i, slot);
                }
            }

            if (_freezer.Threads[i].HasSignalInfo && FaultAddress(i) is { } address && Find(maps, address) is var faulted and >= 0 && maps[faulted].Readable)
            {
                var window = (ulong)_options.FaultWindowBytes;
                Plan(Math.Max(maps[faulted].Start, address - Math.Min(address, window)), Math.Min(maps[faulted].End, address + window), RangeLabel.FaultKind, i, 0);
            }
        }

        for (var i = 0; i < _extraRanges.Count; i++)
        {
            _plan.Add(_extraRanges[i].Start, _extraRanges[i].End);
        }

        var text = _mapsText.AsSpan(0, _mapsLength);
        foreach (ref readonly var entry in maps)
        {
            if (!entry.Readable)
            {
                continue;
            }

            if (entry.IsFileBacked && entry.Offset == 0)
            {
                // ELF header, program headers and (nearly always) the build-id note of each module.
                _plan.Add(entry.Start, Math.Min(entry.End, entry.Start + 4096));
            }
            else if (text.Slice(entry.PathStart, entry.PathLength).SequenceEqual("[vdso]"u8))
            {
                // The vDSO exists only in memory: its ELF image, symbols and CFI come from this copy.
                _plan.Add(entry.Start, entry.End);
            }
        }
    }

    private void Plan(ulong start, ulong end, byte kind, int thread, int register)
    {
        if (end <= start)
        {
            return;
        }

        _plan.Add(start, end);
        if (_labelCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
        }

        _labels[_labelCount++] = new RangeLabel { Start = start, End = end, Kind = kind, Thread = thread, Register = register };
    }

    private ulong? FaultAddress(int thread) =>
        LinuxSigInfo.Parse(_sigInfo.AsSpan(thread * LinuxSigInfo.Size, LinuxSigInfo.Size), null)?.Address;

    private ref UserRegisters RegistersOf(int thread) =>
        ref MemoryMarshal.AsRef<UserRegisters>(_registers.AsSpan(thread * UserRegisters.Size, UserRegisters.Size));

    private static int Find(ReadOnlySpan<MapsEntry> maps, ulong address)
    {
        int low = 0, high = maps.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (address < maps[middle].Start)
            {
                high = middle - 1;
            }
            else if (address >= maps[middle].End)
            {
                low = middle + 1;
            }
            else
            {
                return middle;
            }
        }

        return -1;
    }

    /// <summary>Builds the model from what <see cref="Run"/> collected.</summary>
    public void Describe(CapturedProcess captured, Dictionary<int, ThreadFacts> facts)
    {
        if (_mapsLength < 0)
        {
            captured.Warnings.Add($"/proc/{_pid}/maps could not be read ({LibC.ErrorText(-_mapsLength)}): no memory was captured");
        }
        else
        {
            captured.Mappings.AddRange(MapsParser.ToMappings(_mapsText.AsSpan(0, _mapsLength), _maps.AsSpan(0, _mapCount)));
        }

        DescribeThreads(captured, facts);
        foreach (var range in _plan.Ranges)
        {
            if (range.Copied > 0)
            {
                captured.Memory.Add(new ArrayMemorySegment(range.Start, _copyBuffer, (int)range.BufferOffset, (int)range.Copied));
            }
        }

        for (var i = 0; i < _labelCount; i++)
        {
            ref readonly var label = ref _labels[i];
            var copied = CopiedLength(label.Start, label.End);
            var tid = _freezer.Threads[label.Thread].Tid;
            var name = label.Kind switch
            {
                RangeLabel.StackKind => $"stack:{tid}",
                RangeLabel.FaultKind => "fault",
                _ => $"register:{tid}:{UserRegisters.Names[label.Register]}",
            };
            if (copied > 0)
            {
                captured.SnapshotRanges.Add(new LabelledRange(label.Start, copied, name));
            }
            else if (label.Kind != RangeLabel.RegisterKind)
            {
                captured.Warnings.Add($"memory of {name} at 0x{label.Start:x} could not be read");
            }
        }

        if (_plan.Truncated)
        {
            captured.Warnings.Add($"the memory budget ({_copyBuffer.Length} bytes) was reached: some stacks or windows were cut short");
        }
    }

    private void DescribeThreads(CapturedProcess captured, Dictionary<int, ThreadFacts> facts)
    {
        for (var i = 0; i < _freezer.Count; i++)
        {
            ref readonly var frozen = ref _freezer.Threads[i];
            if (frozen.Gone)
            {
                continue;
            }

            if (!frozen.Stopped || !frozen.HasRegisters)
            {
                if (frozen.Error != LibC.Eperm || i > 0)
                {
                    captured.Warnings.Add(frozen.Error != 0
                        ? $"thread {frozen.Tid} could not be stopped: {LibC.ErrorText(frozen.Error)}"
                        : $"thread {frozen.Tid} did not stop within {_options.StopDeadline.TotalMilliseconds} ms (a zombie or uninterruptible thread): its registers are missing");
                }

                continue;
            }

            var fact = facts.GetValueOrDefault(frozen.Tid) ?? ThreadFacts.Read(_pid, frozen.Tid);
            var thread = new CapturedThread(frozen.Tid, RegistersOf(i))
            {
                Name = fact.Name,
                State = fact.State,
                KernelStack = fact.KernelStack,
            };
            if (frozen.HasSignalInfo)
            {
                thread.PendingSignal = LinuxSigInfo.Parse(_sigInfo.AsSpan(i * LinuxSigInfo.Size, LinuxSigInfo.Size), frozen.Tid);
                if (thread.PendingSignal is { } signal && captured.Fault is null && IsFault(signal.Signal))
                {
                    thread.Faulted = true;
                    captured.Fault = signal;
                }
            }

            captured.Threads.Add(thread);
        }

        if (_freezer.Unsettled)
        {
            captured.Warnings.Add("threads kept appearing while the process was being stopped: some may be missing");
        }
    }

    private static bool IsFault(int signal) => signal is SignalNames.SigSegv or SignalNames.SigBus or SignalNames.SigIll or SignalNames.SigFpe or SignalNames.SigTrap or SignalNames.SigAbrt or SignalNames.SigSys;

    private ulong CopiedLength(ulong start, ulong end)
    {
        foreach (var range in _plan.Ranges)
        {
            if (start >= range.Start && start < range.End)
            {
                var copiedEnd = range.Start + (ulong)range.Copied;
                return copiedEnd > start ? Math.Min(end, copiedEnd) - start : 0;
            }
        }

        return 0;
    }
}
