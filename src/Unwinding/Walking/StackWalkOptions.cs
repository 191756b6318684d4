namespace Backtrace.Unwinding.Walking;

/// <summary>Limits and choices of one stack walk. Defaults suit a crash snapshot; validate with <see cref="Validate"/>.</summary>
public sealed class StackWalkOptions
{
    /// <summary>Most frames per thread, counting inlined frames. Default 1024 (eu-stack shows 256 by default).</summary>
    public int MaxFrames { get; set; } = 1024;

    /// <summary>
    /// Stack words scanned for a return address after the innermost frame and after a CFI frame, where the scan may
    /// also have to step over frames of JIT code without CFI. Default 160, as breakpad.
    /// </summary>
    public int MaxScanWords { get; set; } = 160;

    /// <summary>Stack words scanned after a frame that was itself found by frame pointer or scan. Default 40, as breakpad.</summary>
    public int MaxScanWordsAfterHeuristicFrame { get; set; } = 40;

    /// <summary>Fall back to scanning the stack when CFI and the frame pointer both fail. Default true.</summary>
    public bool StackScan { get; set; } = true;

    /// <summary>Name the function of each frame from symbol tables. Default true.</summary>
    public bool Symbols { get; set; } = true;

    /// <summary>Demangle C++ (Itanium ABI) function names. Default true.</summary>
    public bool Demangle { get; set; } = true;

    /// <summary>Source file and line from DWARF line tables (parses <c>.debug_line</c> of the compile units hit). Default true.</summary>
    public bool SourceLines { get; set; } = true;

    /// <summary>Emit inlined frames from <c>.debug_info</c>, innermost first, sharing the pc (like <c>eu-stack -i</c>). Default true.</summary>
    public bool InlineFrames { get; set; } = true;

    /// <summary>Record the registers recovered for each frame in <c>SnapshotFrame.Registers</c>. Default true.</summary>
    public bool RecordRegisters { get; set; } = true;

    /// <summary>Most CFA instructions executed to compute one frame's unwind row (guards against hostile CFI). Default 100 000.</summary>
    public int MaxCfiInstructions { get; set; } = 100_000;

    /// <summary>Most DWARF expression operations evaluated per expression (guards against loops via <c>DW_OP_skip</c>). Default 10 000.</summary>
    public int MaxExpressionSteps { get; set; } = 10_000;

    /// <summary>Checks every setting and throws <see cref="ArgumentException"/> saying which one is wrong and how to fix it.</summary>
    public void Validate()
    {
        Require(MaxFrames is >= 1 and <= 1_000_000, $"{nameof(MaxFrames)} must be between 1 and 1000000 (got {MaxFrames})");
        Require(MaxScanWords is >= 0 and <= 65_536, $"{nameof(MaxScanWords)} must be between 0 and 65536 (got {MaxScanWords})");
        Require(MaxScanWordsAfterHeuristicFrame is >= 0 and <= 65_536,
            $"{nameof(MaxScanWordsAfterHeuristicFrame)} must be between 0 and 65536 (got {MaxScanWordsAfterHeuristicFrame})");
        Require(MaxCfiInstructions >= 16, $"{nameof(MaxCfiInstructions)} must be at least 16 (got {MaxCfiInstructions})");
        Require(MaxExpressionSteps >= 16, $"{nameof(MaxExpressionSteps)} must be at least 16 (got {MaxExpressionSteps})");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
