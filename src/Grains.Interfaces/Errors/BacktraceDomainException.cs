namespace Backtrace.Grains;

/// <summary>
/// Base of the expected failures that leave a grain (CONVENTIONS.md, rule 8): unknown project, bad token,
/// invalid snapshot, ... They are serializable so that they cross silo boundaries intact; the gateway maps
/// <see cref="Kind"/> to an HTTP status and <see cref="Code"/> to a ProblemDetails type, and shows
/// <see cref="Exception.Message"/>, which never holds a secret or a stack trace.
/// </summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.BacktraceDomainException")]
public abstract class BacktraceDomainException : Exception
{
    /// <summary>Creates the exception with a message fit to show to the client.</summary>
    protected BacktraceDomainException(string message)
        : base(message)
    {
    }

    /// <summary>Which class of failure this is.</summary>
    public abstract DomainErrorKind Kind { get; }

    /// <summary>Stable machine-readable code, e.g. <c>project-not-found</c>.</summary>
    public abstract string Code { get; }
}
