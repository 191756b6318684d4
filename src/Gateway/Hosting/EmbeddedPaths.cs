namespace Backtrace.Gateway.Hosting;

/// <summary>The embedded server's resolved paths.</summary>
/// <param name="DataDirectory">Absolute path of the data directory, which exists.</param>
public sealed record EmbeddedPaths(string DataDirectory);
