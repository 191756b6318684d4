namespace Backtrace.Hydra.Cli;

/// <summary>
/// An expected user error: a missing or invalid snapshot, a bad option, a server that refuses.
/// The command line prints <c>error: {Message}</c> with no stack trace (CONVENTIONS.md, rule 13).
/// </summary>
public sealed class HydraException(string message, Exception? inner = null) : Exception(message, inner);
