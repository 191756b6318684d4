using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// <c>std::terminate</c> reached from <c>__cxa_throw</c> (or <c>__cxa_rethrow</c>): a C++ exception nobody
/// caught, or one that left a <c>noexcept</c> function. The exception's type (and, for the standard
/// exceptions, its message) is read through <see cref="CxaException"/> when the memory is available.
/// </summary>
internal sealed class UncaughtExceptionRule : IAnalysisRule
{
    private static readonly string[] Terminate =
    [
        "std::terminate", "_ZSt9terminatev", "__cxxabiv1::__terminate", "_ZN10__cxxabiv111__terminateEPFvvE",
        "__gnu_cxx::__verbose_terminate_handler", "_ZN9__gnu_cxx27__verbose_terminate_handlerEv",
    ];

    private static readonly string[] Throw = ["__cxa_throw", "__cxa_rethrow", "_Unwind_Resume", "_Unwind_RaiseException"];

    public string Id => "uncaught-exception";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigabrt } || context.FaultingThread is not { } thread)
        {
            return;
        }

        var terminate = FrameNames.IndexOf(thread, Terminate);
        if (terminate < 0)
        {
            return;
        }

        var thrower = -1;
        for (var i = terminate + 1; i < thread.Frames.Count && thrower < 0; i++)
        {
            if (FrameNames.Is(thread.Frames[i], Throw))
            {
                thrower = i;
            }
        }

        if (thrower < 0)
        {
            context.Findings.Annotate(AnnotationLevel.Warning, "std::terminate",
                "std::terminate was called without an exception in flight on this stack (a direct call, a pure virtual call, " +
                "or a thread destroyed while joinable).", "analysis/" + Id, context.FaultTarget(terminate));
            return;
        }

        var exception = CxaException.Find(context, thread, thrower);
        var thrownFrom = thrower + 1 < thread.Frames.Count ? FrameNames.Describe(thread.Frames[thrower + 1]) : "an unknown caller";
        var what = exception is null
            ? "of unknown type (the exception object was not in the captured memory)"
            : $"of type {exception.Value.Type}" + (exception.Value.Message is { } m ? $" with what() = \"{m}\"" : "");
        context.Findings.Classify(Classifiers.UncaughtException);
        context.Findings.Annotate(AnnotationLevel.Critical, "Uncaught C++ exception",
            $"An exception {what} was thrown from {thrownFrom} and not caught (or it left a noexcept function), so std::terminate aborted the process.",
            "analysis/" + Id, context.FaultTarget(thrower));
        if (exception is { } e)
        {
            context.Findings.Attributes["exception.type"] = e.Type;
        }
    }
}
