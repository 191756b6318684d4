using System.IO.Compression;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Delivery;

/// <summary>
/// Snapshots waiting for delivery, on disk. Each is one gzip-compressed JSON file (<c>*.snapshot.gz</c>),
/// written under a temporary name and renamed, so a reader never sees half a file. A file being sent is
/// renamed to <c>*.sending</c>; after success it is deleted, after a failure renamed back. A
/// <c>*.sending</c> file left by an agent that was killed mid-send is put back by <see cref="RecoverOrphans"/>.
/// Refused snapshots go to <c>rejected/</c> rather than being deleted. The outbox is bounded by count
/// and bytes: the oldest files go first.
/// </summary>
public sealed class Outbox
{
    public const string PendingSuffix = ".snapshot.gz";
    public const string SendingSuffix = ".sending";

    private readonly OutboxOptions _options;

    public Outbox(OutboxOptions options)
    {
        options.Validate();
        _options = options;
        Directory.CreateDirectory(options.Directory);
    }

    public string Path => _options.Directory;

    /// <summary>Serializes and stores a snapshot; returns its file. Drops the oldest files when over the bounds.</summary>
    public string Enqueue(Snapshot snapshot, List<string>? dropped = null) =>
        EnqueueCompressed(Compress(snapshot), snapshot.Uuid, dropped);

    /// <summary>Stores an already gzip-compressed snapshot.</summary>
    public string EnqueueCompressed(byte[] gzippedJson, Guid uuid, List<string>? dropped = null)
    {
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{uuid:N}{PendingSuffix}";
        var final = System.IO.Path.Combine(_options.Directory, name);
        var temporary = final + ".tmp";
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(gzippedJson);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, final);
        Trim(final, dropped);
        return final;
    }

    /// <summary>Pending files, oldest first.</summary>
    public List<string> Pending()
    {
        var files = Directory.GetFiles(_options.Directory, "*" + PendingSuffix);
        Array.Sort(files, StringComparer.Ordinal);
        return [.. files];
    }

    /// <summary>Renames a pending file to <c>*.sending</c>; returns null when another sender took it first.</summary>
    public static string? Claim(string pendingFile)
    {
        var sending = pendingFile + SendingSuffix;
        try
        {
            File.Move(pendingFile, sending);
            return sending;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Puts a claimed file back for a later attempt.</summary>
    public static void Release(string sendingFile) => File.Move(sendingFile, sendingFile[..^SendingSuffix.Length], overwrite: true);

    /// <summary>Deletes a delivered file.</summary>
    public static void Complete(string sendingFile) => File.Delete(sendingFile);

    /// <summary>Moves a refused snapshot to <c>rejected/</c> with the server's answer beside it.</summary>
    public void Reject(string sendingFile, string reason)
    {
        var directory = System.IO.Path.Combine(_options.Directory, "rejected");
        Directory.CreateDirectory(directory);
        var name = System.IO.Path.GetFileName(sendingFile[..^SendingSuffix.Length]);
        File.Move(sendingFile, System.IO.Path.Combine(directory, name), overwrite: true);
        File.WriteAllText(System.IO.Path.Combine(directory, name + ".reason.txt"), reason);
    }

    /// <summary>Returns <c>*.sending</c> files left by a killed agent to the queue; returns how many.</summary>
    public int RecoverOrphans()
    {
        var recovered = 0;
        foreach (var file in Directory.GetFiles(_options.Directory, "*" + PendingSuffix + SendingSuffix))
        {
            Release(file);
            recovered++;
        }

        foreach (var file in Directory.GetFiles(_options.Directory, "*" + PendingSuffix + ".tmp"))
        {
            // A write that never reached its rename: incomplete, never announced, safe to remove.
            File.Delete(file);
        }

        return recovered;
    }

    /// <summary>The snapshot JSON, gzip-compressed: the form the outbox stores and the gateway accepts.</summary>
    public static byte[] Compress(Snapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            SnapshotJson.Serialize(gzip, snapshot);
        }

        return buffer.ToArray();
    }

    private void Trim(string keep, List<string>? dropped)
    {
        var files = Pending();
        long bytes = 0;
        var sizes = new long[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            sizes[i] = new FileInfo(files[i]).Length;
            bytes += sizes[i];
        }

        var count = files.Count;
        for (var i = 0; i < files.Count && (count > _options.MaxFiles || bytes > _options.MaxBytes); i++)
        {
            if (files[i] == keep)
            {
                continue;
            }

            File.Delete(files[i]);
            dropped?.Add(files[i]);
            count--;
            bytes -= sizes[i];
        }
    }
}
