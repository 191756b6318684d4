using Backtrace.Grains.Tokens;

namespace Backtrace.Grains.Projects;

/// <summary>A token as its project keeps it: the public description and the hash that keys its <see cref="ITokenGrain"/>.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.StoredToken")]
public sealed record StoredToken
{
    [Id(0)]
    public required TokenInfo Info { get; init; }

    /// <summary><see cref="TokenSecret.Hash"/> of the secret.</summary>
    [Id(1)]
    public required string Hash { get; init; }
}
