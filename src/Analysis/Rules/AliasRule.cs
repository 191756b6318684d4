using System.Runtime.InteropServices;
using Backtrace.Analysis.Decoding;
using Backtrace.Analysis.Linux;
using Backtrace.Analysis.Memory;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// Where else the faulting address and the culprit registers' values live: every thread's registers and
/// every 8-byte-aligned word of captured stack memory, attributed to thread, frame and offset. A copy held
/// by another thread hints at a shared object another thread freed or changed.
/// </summary>
internal sealed class AliasRule : IAnalysisRule
{
    /// <summary>Values below this are small integers, not pointers: too common to be worth listing.</summary>
    private const ulong MinPointer = 65536;

    private const int MaxListed = 24;

    public string Id => "aliases";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv or Signals.Sigbus } fault || Signals.WasSent(fault) ||
            context.Shape is not { } shape || context.FaultingThread is not { } faulting)
        {
            return;
        }

        var watched = new List<(string What, ulong Value)>();
        if (shape.Address is { } address && address >= MinPointer)
        {
            watched.Add(("the fault address", address));
        }

        foreach (var (register, value) in shape.Culprits)
        {
            if (value >= MinPointer && !watched.Exists(w => w.Value == value))
            {
                watched.Add((register, value));
            }
        }

        if (watched.Count == 0)
        {
            return;
        }

        var hits = new List<(string What, string Where, bool OtherThread)>();
        foreach (var thread in context.Snapshot.Threads)
        {
            foreach (var register in X86Registers.GeneralPurpose)
            {
                if (thread.Registers.TryGetValue(register, out var value) && Match(watched, value) is { } what &&
                    !(thread == faulting && shape.Culprits.Any(c => c.Register == register)))
                {
                    hits.Add((what, $"thread {thread.Tid}{Name(thread)} register {register}", thread != faulting));
                }
            }
        }

        ScanStacks(context, watched, faulting, hits);
        if (hits.Count == 0)
        {
            return;
        }

        var crossThread = hits.Exists(h => h.OtherThread);
        if (crossThread)
        {
            context.Findings.Classify(Classifiers.CrossThreadAlias);
        }

        var lines = hits.Take(MaxListed).Select(h => $"{h.What}: {h.Where}").ToList();
        if (hits.Count > MaxListed)
        {
            lines.Add($"... and {hits.Count - MaxListed} more");
        }

        var values = string.Join(", ", watched.Select(w => $"{w.What} = 0x{w.Value:x}"));
        context.Findings.Annotate(crossThread ? AnnotationLevel.Warning : AnnotationLevel.Comment, "Aliases",
            $"Copies of {values}" + (crossThread ? " are held by other threads too (a shared object another thread may have freed or changed):\n" : ":\n") +
            string.Join('\n', lines),
            "analysis/" + Id, context.FaultTarget(0, shape.Address));
    }

    private static void ScanStacks(AnalysisContext context, List<(string What, ulong Value)> watched, SnapshotThread faulting,
        List<(string What, string Where, bool OtherThread)> hits)
    {
        var values = watched.Select(w => w.Value).Take(3).ToArray();
        // Attribute captured regions to the thread whose stack mapping holds them.
        var stacks = new List<(SnapshotThread Thread, MemoryMapping Mapping)>();
        foreach (var thread in context.Snapshot.Threads)
        {
            if (thread.Registers.TryGetValue("rsp", out var rsp) && context.Space.Find(rsp) is { } mapping)
            {
                stacks.Add((thread, mapping));
            }
        }

        foreach (var region in context.Memory.Captured.Regions)
        {
            var owner = stacks.Find(s => region.Address >= s.Mapping.Start && region.Address < s.Mapping.End);
            if (owner.Thread is null && region.Label != "stack")
            {
                continue;
            }

            var skip = (int)((8 - (region.Address % 8)) % 8);
            if (region.Bytes.Length - skip < 8)
            {
                continue;
            }

            var words = MemoryMarshal.Cast<byte, ulong>(region.Bytes.AsSpan(skip, (region.Bytes.Length - skip) & ~7));
            var offset = 0;
            while (offset < words.Length)
            {
                // Vectorised search: the scan covers every captured stack (several MiB for 60 threads).
                var found = IndexOfAny(words[offset..], values);
                if (found < 0)
                {
                    break;
                }

                var index = offset + found;
                var at = region.Address + (ulong)skip + (ulong)(index * 8);
                var what = Match(watched, words[index])!;
                var where = owner.Thread is { } t ? $"thread {t.Tid}{Name(t)} stack {FrameSlot(t, at)}" : $"stack memory at 0x{at:x}";
                // Captured regions may overlap (a stack and the bytes around a register that points into it).
                if (!hits.Exists(h => h.Where == where && h.What == what))
                {
                    hits.Add((what, where, owner.Thread is not null && owner.Thread != faulting));
                }

                if (hits.Count > MaxListed * 4)
                {
                    return;
                }

                offset = index + 1;
            }
        }
    }

    /// <summary>At most three values are watched (the fault address and two address registers).</summary>
    private static int IndexOfAny(ReadOnlySpan<ulong> words, ulong[] values) => values.Length switch
    {
        1 => words.IndexOf(values[0]),
        2 => words.IndexOfAny(values[0], values[1]),
        _ => words.IndexOfAny(values[0], values[1], values[2]),
    };

    /// <summary>
    /// <c>frame #i (function) [cfa-0x18]</c>: the frame whose stack area holds the slot. A frame's area runs
    /// from its own sp up to its caller's sp, which is the frame's canonical frame address (CFA).
    /// </summary>
    private static string FrameSlot(SnapshotThread thread, ulong address)
    {
        var frames = thread.Frames;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].Sp is not { } sp || address < sp)
            {
                continue;
            }

            var cfa = i + 1 < frames.Count ? frames[i + 1].Sp : null;
            if (cfa is { } c && address < c)
            {
                return $"0x{address:x} in frame #{i} ({FrameNames.Describe(frames[i])}) [cfa-0x{c - address:x}]";
            }
        }

        return $"0x{address:x}";
    }

    private static string? Match(List<(string What, ulong Value)> watched, ulong value)
    {
        foreach (var (what, v) in watched)
        {
            if (v == value)
            {
                return what;
            }
        }

        return null;
    }

    private static string Name(SnapshotThread thread) => thread.Name is { } n ? $" ({n})" : "";
}
