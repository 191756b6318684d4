namespace Backtrace.Hydra.Tests.Support;

/// <summary>A directory under the system temp folder, deleted with its contents on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("hydra-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes a file under the directory, creating sub-directories, and returns its full path.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold a file open for a moment; the temp folder is cleaned eventually.
        }
    }
}
