using Backtrace.Hydra.Cli;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Loading;

/// <summary>Reads a snapshot file under a size bound.</summary>
public static class SnapshotFileLoader
{
    /// <summary>Reads and decodes the snapshot at <paramref name="path"/>.</summary>
    /// <exception cref="HydraException">The file is missing, unreadable, too large or not a valid snapshot.</exception>
    public static Snapshot Load(string path, LoadLimits limits)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                throw new HydraException($"{path} is a directory, not a snapshot file");
            }

            if (!File.Exists(path))
            {
                throw new HydraException($"{path}: no such file");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            bytes = BoundedReader.ReadAll(stream, limits.MaxBytes, path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HydraException($"{path}: permission denied", e);
        }
        catch (IOException e)
        {
            throw new HydraException($"{path} cannot be read: {e.Message}", e);
        }

        return SnapshotDocument.Read(bytes, path);
    }
}
