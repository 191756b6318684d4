namespace Backtrace.Grains.Projects;

/// <summary>The settings of a project that its administrators choose.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.Projects.ProjectSettings")]
public sealed record ProjectSettings
{
    /// <summary>Default for <see cref="FingerprintFrames"/>.</summary>
    public const int DefaultFingerprintFrames = 5;

    /// <summary>Longest accepted <see cref="DisplayName"/>.</summary>
    public const int MaxDisplayNameLength = 100;

    /// <summary>Largest accepted <see cref="FingerprintFrames"/>.</summary>
    public const int MaxFingerprintFrames = 32;

    /// <summary>Human-readable name shown in lists; null shows the project name.</summary>
    [Id(0)]
    public string? DisplayName { get; init; }

    /// <summary>
    /// Fingerprint algorithm version. 0 when creating a project means "the current version", which is then
    /// stored: later algorithm versions never regroup a project's data unless an administrator changes this.
    /// </summary>
    [Id(1)]
    public int FingerprintVersion { get; init; }

    /// <summary>How many meaningful frames of the faulting thread form the fingerprint (1-32).</summary>
    [Id(2)]
    public int FingerprintFrames { get; init; } = DefaultFingerprintFrames;
}
