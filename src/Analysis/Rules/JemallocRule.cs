using System.Text;
using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// jemalloc reports its own fatal checks (<c>&lt;jemalloc&gt;: ...</c>) by formatting the message into a stack
/// buffer and calling abort(): in <c>safety_check_fail</c> the buffer is still live (above the stack pointer);
/// after <c>malloc_printf</c> returns it is dead, a few KiB below the stack pointer, and abort's frames rarely
/// reach it. When jemalloc is loaded and the process aborted, the message is searched for in the faulting
/// thread's captured stack and in the <see cref="BelowStackPointer"/> bytes under it (read through the
/// agent's reader, and kept as evidence).
/// </summary>
internal sealed class JemallocRule : IAnalysisRule
{
    private static readonly byte[] Marker = "<jemalloc>: "u8.ToArray();

    private const int MaxMessage = 512;

    /// <summary>How far below the stack pointer a dead message buffer is searched for.</summary>
    public const int BelowStackPointer = 16 * 1024;

    public string Id => "jemalloc";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigabrt } || context.FaultingThread is null ||
            !context.Snapshot.Modules.Exists(m => m.Path.Contains("libjemalloc", StringComparison.Ordinal)) ||
            context.Register("rsp") is not { } rsp)
        {
            return;
        }

        var stack = context.Space.Find(rsp);
        var message = FindInCapturedStack(context, stack) ?? FindBelowStackPointer(context, rsp, stack);
        if (message is null)
        {
            return;
        }

        var findings = context.Findings;
        findings.Classify(Classifiers.Jemalloc);
        if (message.Contains("double free", StringComparison.OrdinalIgnoreCase))
        {
            findings.Classify(Classifiers.DoubleFree);
        }

        if (message.Contains("corrupt", StringComparison.OrdinalIgnoreCase) || message.Contains("mismatch", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("double free", StringComparison.OrdinalIgnoreCase))
        {
            findings.Classify(Classifiers.HeapCorruption);
        }

        findings.Annotate(AnnotationLevel.Critical, "jemalloc abort", $"jemalloc aborted the process: \"{message}\".",
            "analysis/" + Id, context.FaultTarget());
    }

    private static string? FindInCapturedStack(AnalysisContext context, MemoryMapping? stack)
    {
        foreach (var region in context.Memory.Captured.Regions)
        {
            var inStack = stack is not null ? region.Address >= stack.Start && region.Address < stack.End : region.Label == "stack";
            if (inStack && Extract(region.Bytes) is { } found)
            {
                return found.Message;
            }
        }

        return null;
    }

    private static string? FindBelowStackPointer(AnalysisContext context, ulong rsp, MemoryMapping? stack)
    {
        var start = Math.Max(rsp - BelowStackPointer, stack?.Start ?? rsp - BelowStackPointer);
        var buffer = new byte[rsp - start];
        var got = context.Memory.Read(start, buffer);
        if (Extract(buffer.AsSpan(0, got)) is not { } found)
        {
            return null;
        }

        context.Memory.AddEvidence(start + (ulong)found.Offset, buffer.AsSpan(found.Offset, found.Length), "analysis:jemalloc-message");
        return found.Message;
    }

    private static (string Message, int Offset, int Length)? Extract(ReadOnlySpan<byte> bytes)
    {
        var at = bytes.IndexOf(Marker);
        if (at < 0)
        {
            return null;
        }

        var rest = bytes.Slice(at, Math.Min(MaxMessage, bytes.Length - at));
        var end = rest.IndexOf((byte)0);
        var text = end < 0 ? rest : rest[..end];
        return (Encoding.UTF8.GetString(text).Trim(), at, text.Length);
    }
}
