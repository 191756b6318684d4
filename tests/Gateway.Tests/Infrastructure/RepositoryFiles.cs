using System.Reflection;

namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>Files of the repository the tests use: the server binary, examples, the Node client.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>The server built alongside these tests (same configuration): src/Gateway/bin/CONFIG/net10.0.</summary>
    public static string GatewayDll { get; } = FindGatewayDll();

    private static string FindGatewayDll()
    {
        var configuration = typeof(RepositoryFiles).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = PathOf(Path.Combine("src", "Gateway", "bin", configuration, "net10.0", "Backtrace.Gateway.dll"));
        return File.Exists(path) ? path : throw new FileNotFoundException($"the server is not built at {path}; build the solution first", path);
    }

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
