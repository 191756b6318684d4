namespace Backtrace.Analysis.Lua;

/// <summary>Why a Lua module does not compile (<see cref="LuaSyntax.Check"/>).</summary>
/// <param name="Line">The 1-based source line the Lua compiler names; null when it names none (a binary chunk, for one).</param>
/// <param name="Message">The compiler's message without the <c>name:line:</c> prefix, e.g. <c>'end' expected near &lt;eof&gt;</c>.</param>
public sealed record LuaSyntaxError(int? Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"Lua syntax error on line {line}: {Message}" : $"Lua error: {Message}";
}
