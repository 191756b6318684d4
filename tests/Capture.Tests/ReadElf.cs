using Backtrace.TestSupport;

namespace Backtrace.Capture.Tests;

/// <summary>binutils' readelf and nm as independent sources of build-ids and symbol addresses.</summary>
internal static class ReadElf
{
    public static string BuildId(string path)
    {
        var output = ProcessRunner.Run("readelf", $"-n {path}", TimeSpan.FromSeconds(30)).StandardOutput;
        var line = output.Split('\n').Single(l => l.Contains("Build ID:", StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Trim();
    }

    /// <summary>The value of symbol <paramref name="name"/> in <paramref name="path"/>'s symbol table, from nm.</summary>
    public static ulong SymbolAddress(string path, string name)
    {
        var output = ProcessRunner.Run("nm", path, TimeSpan.FromSeconds(30)).StandardOutput;
        var line = output.Split('\n').Single(l => l.EndsWith(" " + name, StringComparison.Ordinal));
        return Convert.ToUInt64(line[..line.IndexOf(' ')], 16);
    }
}
