namespace Backtrace.CaptureAgent;

/// <summary>An expected failure the user can act on: printed as <c>error: message</c>, never with a stack trace.</summary>
public sealed class AgentException(ExitCode code, string message) : Exception(message)
{
    public ExitCode Code { get; } = code;
}
