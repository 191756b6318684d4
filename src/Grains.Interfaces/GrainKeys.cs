using Backtrace.Grains.FaultGroups;

namespace Backtrace.Grains;

/// <summary>
/// Builds and parses the string keys of compound grains. A fault group grain is keyed
/// <c>project/fingerprint</c>; project names never contain a slash (<see cref="ProjectName"/>), so the first
/// slash always separates the two parts. Project, token and snapshot grains are keyed by a single name.
/// </summary>
public static class GrainKeys
{
    /// <summary>Key of the <see cref="IFaultGroupGrain"/> for one fingerprint: <c>project/fingerprint</c>.</summary>
    public static string FaultGroup(string project, string fingerprint) => $"{project}/{fingerprint}";

    /// <summary>Splits a compound key into its project and the id after the first slash.</summary>
    /// <exception cref="ArgumentException">The key has no slash, or an empty part.</exception>
    public static (string Project, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException($"grain key '{key}' is not of the form project/id", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
