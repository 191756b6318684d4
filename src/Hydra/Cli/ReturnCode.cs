namespace Backtrace.Hydra.Cli;

/// <summary>The exit codes of <c>backtrace-hydra</c>.</summary>
public enum ReturnCode
{
    /// <summary>The viewer ran and the user quit.</summary>
    Success = 0,

    /// <summary>A user error: bad arguments, an unreadable or invalid snapshot, a server that refused or could not be reached.</summary>
    UserError = 1,

    /// <summary>A bug in hydra: an exception nobody expected (details with <c>--diag</c>).</summary>
    InternalError = 2,
}
