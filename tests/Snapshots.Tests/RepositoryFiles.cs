namespace Backtrace.Snapshots.Tests;

/// <summary>Files of the repository the tests read (examples, docs), found from the test assembly's folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backtrace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Backtrace.sln above {AppContext.BaseDirectory}");
    }
}
