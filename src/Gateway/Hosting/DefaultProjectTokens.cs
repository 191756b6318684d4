namespace Backtrace.Gateway.Hosting;

/// <summary>The default project's tokens as far as this process knows them, for the start-up banner.</summary>
public sealed class DefaultProjectTokens
{
    /// <summary>The submit+read token, when known (given by option, or generated and saved on first start).</summary>
    public string? Token { get; set; }

    /// <summary>The admin token, when known.</summary>
    public string? AdminToken { get; set; }

    /// <summary>True when this start created the project.</summary>
    public bool Created { get; set; }
}
