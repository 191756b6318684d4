using Backtrace.Deduplication;

namespace Backtrace.Grains.Projects;

/// <summary>Checks and completes project settings.</summary>
internal static class ProjectSettingsRules
{
    /// <summary>The settings to store: validated, with version 0 replaced by the current fingerprint version.</summary>
    /// <exception cref="InvalidRequestException">A setting is out of range.</exception>
    public static ProjectSettings Complete(ProjectSettings? settings)
    {
        if (settings is null)
        {
            throw new InvalidRequestException("settings", "settings are required");
        }

        if (settings.DisplayName is { Length: > ProjectSettings.MaxDisplayNameLength })
        {
            throw new InvalidRequestException("settings.displayName", $"at most {ProjectSettings.MaxDisplayNameLength} characters, not {settings.DisplayName.Length}");
        }

        if (settings.FingerprintFrames is < 1 or > ProjectSettings.MaxFingerprintFrames)
        {
            throw new InvalidRequestException("settings.fingerprintFrames",
                $"must be between 1 and {ProjectSettings.MaxFingerprintFrames}, not {settings.FingerprintFrames}");
        }

        var version = settings.FingerprintVersion == 0 ? Fingerprinter.CurrentVersion : settings.FingerprintVersion;
        if (!Fingerprinter.SupportedVersions.Contains(version))
        {
            throw new InvalidRequestException("settings.fingerprintVersion",
                $"version {version} is not supported; supported: {string.Join(", ", Fingerprinter.SupportedVersions)}");
        }

        return settings with { FingerprintVersion = version };
    }
}
