namespace Backtrace.Demangling;

/// <summary>The name is not a valid (or not a supported) Itanium mangling; the caller falls back to the raw name.</summary>
internal sealed class DemangleException(string message) : Exception(message);
