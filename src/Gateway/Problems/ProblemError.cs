namespace Backtrace.Gateway.Problems;

/// <summary>One entry of a problem's <c>errors</c> list: where in the submitted document, and what is wrong.</summary>
public sealed record ProblemError(string Path, string Reason);
