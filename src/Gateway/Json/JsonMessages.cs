namespace Backtrace.Gateway.Json;

/// <summary>Helpers for System.Text.Json's exception messages.</summary>
internal static class JsonMessages
{
    /// <summary>The message without the " Path: ... | LineNumber: ..." tail, which problem responses state separately.</summary>
    public static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
