using Backtrace.Capture.Model;
using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>
/// Turns a core's notes and PT_LOAD segments into a <see cref="CapturedProcess"/>: threads, fault, map,
/// executable, and the memory the core omitted (read-only file pages) mapped from the module files on
/// disk. Shared by the core file and the core_pattern stream front ends.
/// </summary>
internal sealed class CoreAssembler(CapturedProcess captured, CaptureOptions options)
{
    private const ulong AtPhdr = 3, AtEntry = 9;
    private readonly Dictionary<string, MappedFile?> _moduleFiles = new(StringComparer.Ordinal);

    public void Describe(CoreNotes notes, IReadOnlyList<CoreSegment> loads, bool readOmittedPages)
    {
        if (notes.Threads.Count == 0)
        {
            throw new CaptureException(CaptureFailure.InvalidInput, "the core has no NT_PRSTATUS note: it holds no thread, so there is nothing to unwind (is it truncated?)");
        }

        DescribeProcess(notes);
        DescribeThreads(notes);
        DescribeMappings(notes, loads);
        if (readOmittedPages)
        {
            MapOmittedPages(notes, loads);
        }
    }

    private void DescribeProcess(CoreNotes notes)
    {
        captured.Pid = notes.Pid ?? notes.Threads[0].Tid;
        captured.Process.Pid = captured.Pid;
        captured.Process.ParentPid = notes.ParentPid;
        captured.Process.Uid = notes.Uid;
        captured.Process.Name = notes.Name;
        if (notes.State is { } state)
        {
            captured.Process.State = ProcFs.ProcText.StateName(state);
        }

        if (captured.Process.CommandLine.Count == 0 && !string.IsNullOrEmpty(notes.Arguments))
        {
            // pr_psargs: argv joined by spaces and cut at 80 bytes; the best a core offers.
            captured.Process.CommandLine = [.. notes.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        captured.Auxv.AddRange(notes.Auxv);
        var phdr = notes.Auxv.Find(a => a.Type == AtPhdr).Value;
        var entry = notes.Auxv.Find(a => a.Type == AtEntry).Value;
        var executable = notes.Files.Find(f => phdr >= f.Start && phdr < f.End).Path ?? notes.Files.Find(f => entry >= f.Start && entry < f.End).Path;
        captured.Process.Executable ??= executable;
        if (executable is not null && options.ExecutableOverride is { } replacement)
        {
            captured.FileOverrides[executable] = Path.GetFullPath(replacement);
        }
    }

    private void DescribeThreads(CoreNotes notes)
    {
        for (var i = 0; i < notes.Threads.Count; i++)
        {
            var note = notes.Threads[i];
            captured.Threads.Add(new CapturedThread(note.Tid, note.Registers)
            {
                Name = i == 0 ? notes.Name : null,
                Faulted = i == 0 && note.CurrentSignal != 0,
            });
        }

        var first = notes.Threads[0];
        if (notes.Fault is { } fault)
        {
            captured.Fault = fault with { ThreadId = first.Tid };
        }
        else if (first.CurrentSignal != 0)
        {
            captured.Fault = new CapturedFault(first.CurrentSignal, 0, null, null, null, first.Tid);
            captured.Warnings.Add("the core has no NT_SIGINFO note: the signal's code, address and sender are unknown");
        }
    }

    private void DescribeMappings(CoreNotes notes, IReadOnlyList<CoreSegment> loads)
    {
        foreach (var load in loads)
        {
            var file = notes.Files.Find(f => load.Address >= f.Start && load.Address < f.End);
            captured.Mappings.Add(new MemoryMapping
            {
                Start = load.Address,
                End = load.Address + load.MemorySize,
                Permissions = load.Permissions,
                Offset = file.Path is null ? 0 : file.Offset + (load.Address - file.Start),
                Path = file.Path ?? VdsoName(load),
            });
        }
    }

    private string? VdsoName(CoreSegment load)
    {
        const ulong AtSysinfoEhdr = 33;
        return captured.Auxv.Exists(a => a.Type == AtSysinfoEhdr && a.Value == load.Address) ? "[vdso]" : null;
    }

    /// <summary>Text and read-only data are not in the core (only each ELF's first page is): read them from the files.</summary>
    private void MapOmittedPages(CoreNotes notes, IReadOnlyList<CoreSegment> loads)
    {
        foreach (var load in loads)
        {
            if (load.FileSize >= load.MemorySize)
            {
                continue;
            }

            var missingStart = load.Address + load.FileSize;
            var missingEnd = load.Address + load.MemorySize;
            foreach (var file in notes.Files)
            {
                var start = Math.Max(missingStart, file.Start);
                var end = Math.Min(missingEnd, file.End);
                if (start >= end || Open(file.Path) is not { } mapped)
                {
                    continue;
                }

                var fileOffset = (long)(file.Offset + (start - file.Start));
                if (fileOffset < mapped.Length)
                {
                    captured.Memory.Add(new MappedFileSegment(start, Math.Min(end - start, (ulong)(mapped.Length - fileOffset)), mapped, fileOffset));
                }
            }
        }
    }

    private MappedFile? Open(string path)
    {
        if (_moduleFiles.TryGetValue(path, out var mapped))
        {
            return mapped;
        }

        var local = captured.FileOverrides.GetValueOrDefault(path) ?? path;
        try
        {
            mapped = MappedFile.Open(local);
            captured.Resources.Add(mapped);
        }
        catch (CaptureException e)
        {
            captured.Warnings.Add($"module file {local} could not be opened ({e.Message}): its code and read-only data are not in the core");
            mapped = null;
        }

        _moduleFiles[path] = mapped;
        return mapped;
    }

    /// <summary>Labels the memory the snapshot carries: each thread's stack, pointer windows and the fault.</summary>
    public void LabelSnapshotRanges()
    {
        foreach (var thread in captured.Threads)
        {
            var sp = thread.Registers.Sp;
            var stackStart = (sp - 128) & ~15UL;
            AddRange(stackStart, sp + (ulong)options.StackBytesPerThread, $"stack:{thread.Tid}", warn: true);
            foreach (var slot in UserRegisters.GeneralPurpose)
            {
                var value = thread.Registers[slot];
                if (slot != UserRegisters.Rsp && value > (ulong)options.PointerWindowBytes)
                {
                    AddRange(value - (ulong)options.PointerWindowBytes, value + (ulong)options.PointerWindowBytes, $"register:{thread.Tid}:{UserRegisters.Names[slot]}", warn: false);
                }
            }
        }

        if (captured.Fault?.Address is { } address and > 0)
        {
            var window = (ulong)options.FaultWindowBytes;
            AddRange(address - Math.Min(address, window), address + window, "fault", warn: false);
        }
    }

    private void AddRange(ulong start, ulong end, string label, bool warn)
    {
        // Clip to the captured segment that holds the first readable byte (the stack mapping for a stack).
        if (captured.Memory.FirstOverlapping(start, end) is { } segment)
        {
            var clippedStart = Math.Max(start, segment.Start);
            var clippedEnd = Math.Min(end, segment.End);
            captured.SnapshotRanges.Add(new LabelledRange(clippedStart, clippedEnd - clippedStart, label));
            return;
        }

        if (warn)
        {
            captured.Warnings.Add($"memory of {label} at 0x{start:x} is not in the core");
        }
    }
}
