using System.Text;
using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// jemalloc reports its own fatal checks (<c>&lt;jemalloc&gt;: ...</c>) by formatting the message into a stack
/// buffer in <c>safety_check_fail</c> or <c>malloc_printf</c> and calling abort(). When jemalloc is loaded and
/// the process aborted, the message is read back from the faulting thread's captured stack.
/// </summary>
internal sealed class JemallocRule : IAnalysisRule
{
    private static readonly byte[] Marker = "<jemalloc>: "u8.ToArray();

    private const int MaxMessage = 512;

    public string Id => "jemalloc";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigabrt } || context.FaultingThread is not { } thread ||
            !context.Snapshot.Modules.Exists(m => m.Path.Contains("libjemalloc", StringComparison.Ordinal)) ||
            context.Register("rsp") is not { } rsp)
        {
            return;
        }

        var stack = context.Space.Find(rsp);
        string? message = null;
        foreach (var region in context.Memory.Captured.Regions)
        {
            var inStack = stack is not null ? region.Address >= stack.Start && region.Address < stack.End : region.Label == "stack";
            if (!inStack)
            {
                continue;
            }

            var at = region.Bytes.AsSpan().IndexOf(Marker);
            if (at >= 0)
            {
                var rest = region.Bytes.AsSpan(at, Math.Min(MaxMessage, region.Bytes.Length - at));
                var end = rest.IndexOf((byte)0);
                message = Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]).Trim();
                break;
            }
        }

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
}
