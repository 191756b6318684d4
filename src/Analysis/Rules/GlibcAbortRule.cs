using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// glibc's fatal messages: the text of <c>__abort_msg</c> (heap checks, fortify, stack protector, assert),
/// else the frame signature (<c>malloc_printerr</c>, <c>__chk_fail</c>, <c>__stack_chk_fail</c>,
/// <c>__assert_fail</c>) when the message was not captured.
/// </summary>
internal sealed class GlibcAbortRule : IAnalysisRule
{
    /// <summary>Longest message read; glibc's own are under 200 bytes, assertions carry an expression and a path.</summary>
    public const int MaxMessageBytes = 4096;

    private const string AbortMessageSymbol = "__abort_msg";

    public string Id => "glibc-abort";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigabrt } || context.FaultingThread is not { } thread)
        {
            return;
        }

        var source = "analysis/" + Id;
        var findings = context.Findings;
        var message = ReadAbortMessage(context);
        if (message is not null && GlibcMessages.Match(message) is var (classifiers, meaning))
        {
            foreach (var found in classifiers)
            {
                findings.Classify(found);
            }

            var title = classifiers[0] switch
            {
                Classifiers.Assertion => "Assertion failed",
                Classifiers.FortifyFailure => "Buffer overflow detected (fortify)",
                Classifiers.StackSmashing => "Stack smashing detected",
                Classifiers.InvalidFree => "Invalid free",
                Classifiers.DoubleFree => "Double free",
                _ => "Heap corruption detected",
            };
            var detail = classifiers[0] == Classifiers.Assertion ? AssertionParts(message) : "";
            findings.Annotate(AnnotationLevel.Critical, title, $"glibc aborted the process: \"{message.TrimEnd()}\": {meaning}.{detail}",
                source, context.FaultTarget());
            return;
        }

        // No message: fall back on who called abort().
        var signature = FrameSignature(thread);
        if (signature is var (classifier, title2, text))
        {
            findings.Classify(classifier);
            findings.Annotate(AnnotationLevel.Critical, title2,
                text + (message is null ? " The message (__abort_msg) was not captured." : $" glibc's message: \"{message.TrimEnd()}\"."),
                source, context.FaultTarget());
        }
        else if (message is not null)
        {
            findings.Annotate(AnnotationLevel.Warning, "Abort message", $"glibc's abort message: \"{message.TrimEnd()}\".", source, context.FaultTarget());
        }
    }

    /// <summary>
    /// Follows <c>struct abort_msg_s { uint32 size; char msg[]; } *__abort_msg</c>. The pointer comes from a
    /// captured <c>global:__abort_msg</c> region, or from the agent's symbol table and memory reader.
    /// </summary>
    internal static string? ReadAbortMessage(AnalysisContext context)
    {
        ulong pointer;
        var captured = context.Memory.Captured.Regions.FirstOrDefault(r => r.Label == "global:" + AbortMessageSymbol && r.Bytes.Length >= 8);
        if (captured is not null)
        {
            pointer = BitConverter.ToUInt64(captured.Bytes, 0);
        }
        else if (context.Symbols is not { } symbols || !symbols.TryGetAddress(AbortMessageSymbol, "libc.so", out var symbol) ||
                 !context.Memory.TryReadUInt64(symbol, out pointer, "global:" + AbortMessageSymbol))
        {
            return null;
        }

        if (pointer == 0 || !context.Memory.TryReadUInt32(pointer, out var size, "deref:" + AbortMessageSymbol) || size < 5)
        {
            return null;
        }

        var text = context.Memory.ReadCString(pointer + 4, (int)Math.Min(size - 4, MaxMessageBytes), "deref:" + AbortMessageSymbol);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static (string Classifier, string Title, string Text)? FrameSignature(SnapshotThread thread)
    {
        if (FrameNames.IndexOf(thread, "__stack_chk_fail", "__stack_chk_fail_local") >= 0)
        {
            return (Classifiers.StackSmashing, "Stack smashing detected",
                "__stack_chk_fail: the stack protector found a canary overwritten; a stack buffer overflowed in the function that called it.");
        }

        if (FrameNames.IndexOf(thread, "__chk_fail", "__fortify_fail") >= 0)
        {
            return (Classifiers.FortifyFailure, "Buffer overflow detected (fortify)",
                "__chk_fail: a _FORTIFY_SOURCE-checked function (memcpy_chk, strcpy_chk, ...) was asked to write past the end of its buffer.");
        }

        if (FrameNames.IndexOf(thread, "__assert_fail", "__assert_fail_base", "__assert_perror_fail") >= 0)
        {
            return (Classifiers.Assertion, "Assertion failed", "__assert_fail: an assert() failed.");
        }

        if (FrameNames.IndexOf(thread, "malloc_printerr") >= 0)
        {
            return (Classifiers.HeapCorruption, "Heap corruption detected", "malloc_printerr: glibc's allocator found its metadata inconsistent.");
        }

        return null;
    }

    /// <summary>Splits glibc's <c>prog: file:line: function: Assertion `expr' failed.</c> into its parts.</summary>
    private static string AssertionParts(string message)
    {
        var open = message.IndexOf("Assertion `", StringComparison.Ordinal);
        var close = message.LastIndexOf("' failed", StringComparison.Ordinal);
        if (open < 0 || close <= open)
        {
            return "";
        }

        var expression = message[(open + 11)..close];
        var head = message[..open].TrimEnd(' ', ':');
        var parts = head.Split(": ");
        var location = parts.Length >= 2 ? parts[^2] : null;
        var function = parts.Length >= 3 ? parts[^1] : null;
        return $" Expression: {expression}" + (location is null ? "" : $"; at {location}") + (function is null ? "" : $" in {function}") + ".";
    }
}
