using Backtrace.Capture;

namespace Backtrace.CaptureAgent;

/// <summary>Maps library failure kinds to exit codes.</summary>
internal static class Failures
{
    public static ExitCode ToExitCode(CaptureFailure failure) => failure switch
    {
        CaptureFailure.NotFound => ExitCode.NotFound,
        CaptureFailure.PermissionDenied => ExitCode.PermissionDenied,
        CaptureFailure.ProcessExited => ExitCode.ProcessExited,
        _ => ExitCode.InvalidInput,
    };
}
