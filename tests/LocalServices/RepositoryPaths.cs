namespace Backtrace.LocalServices;

/// <summary>Where things are in the repository the tests were built from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding <c>Backtrace.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backtrace.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No Backtrace.sln above {AppContext.BaseDirectory}: tests must run from a build inside the repository.");
    }
}
