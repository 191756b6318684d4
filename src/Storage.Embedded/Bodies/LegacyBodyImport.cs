using Backtrace.Grains;
using Backtrace.Storage.Bodies;
using Microsoft.Extensions.Logging;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// Moves bodies from the first layout of the data directory, one file per body
/// (<c>snapshots/&lt;project&gt;/&lt;uu&gt;/&lt;uuid&gt;.json</c>), into segments, so that an upgraded server still
/// serves every snapshot it stored before. The old directory is deleted only once every body in it is durable
/// in a segment; an interrupted import runs again at the next start and skips what it already moved.
/// </summary>
internal static partial class LegacyBodyImport
{
    /// <summary>The old layout's directory inside the data directory.</summary>
    public const string DirectoryName = "snapshots";

    private const int ConcurrentPuts = 256;

    public static void Run(string dataDirectory, ISnapshotBodyStore store, ILogger logger)
    {
        var root = Path.Combine(dataDirectory, DirectoryName);
        if (!Directory.Exists(root))
        {
            return;
        }

        var imported = 0;
        var pending = new List<Task>(ConcurrentPuts);
        foreach (var (project, uuid, file) in Bodies(root))
        {
            pending.Add(store.PutAsync(project, uuid, File.ReadAllBytes(file)));
            imported++;
            if (pending.Count == ConcurrentPuts)
            {
                Task.WaitAll(pending);
                pending.Clear();
            }
        }

        Task.WaitAll(pending);
        Directory.Delete(root, recursive: true);
        Fsync.DirectoryEntries(dataDirectory);
        LogImported(logger, imported, root);
    }

    /// <summary>Every body file of the old layout; anything else there (the old <c>.incoming</c> leftovers) is not a stored body.</summary>
    private static IEnumerable<(string Project, Guid Uuid, string File)> Bodies(string root)
    {
        foreach (var projectDirectory in Directory.EnumerateDirectories(root))
        {
            var project = Path.GetFileName(projectDirectory);
            if (!ProjectName.IsValid(project, out _))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.json", SearchOption.AllDirectories))
            {
                if (Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "D", out var uuid))
                {
                    yield return (project, uuid, file);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} snapshot bodies from {Path} (one file each) into segment files")]
    private static partial void LogImported(ILogger logger, int count, string path);
}
