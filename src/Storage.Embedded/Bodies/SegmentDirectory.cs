using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>The directory of segment files, <c>0000000001.seg</c>, <c>0000000002.seg</c>, ...: numbered in the order they were written.</summary>
internal sealed class SegmentDirectory
{
    private const string Extension = ".seg";
    private const int NumberDigits = 10;

    public SegmentDirectory(string path)
    {
        Path = path;
        if (!Directory.Exists(path))
        {
            // Its entry in the data directory must be durable before the first segment in it is.
            Directory.CreateDirectory(path);
            Fsync.DirectoryEntries(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        }
    }

    public string Path { get; }

    /// <summary>The file of segment <paramref name="segment"/>.</summary>
    public string FileOf(long segment) =>
        System.IO.Path.Combine(Path, segment.ToString(CultureInfo.InvariantCulture).PadLeft(NumberDigits, '0') + Extension);

    /// <summary>The numbers of the segments present, ascending. Other files are ignored.</summary>
    public List<long> List()
    {
        var segments = new List<long>();
        foreach (var file in Directory.EnumerateFiles(Path, "*" + Extension))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file);
            if (name.Length == NumberDigits && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var segment) && segment > 0)
            {
                segments.Add(segment);
            }
        }

        segments.Sort();
        return segments;
    }

    /// <summary>
    /// Creates an empty segment and makes its directory entry durable, so that a body appended and synced to it
    /// cannot vanish with the file's name after a power loss.
    /// </summary>
    public SafeFileHandle Create(long segment)
    {
        var handle = File.OpenHandle(FileOf(segment), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            Fsync.DirectoryEntries(Path);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens a segment for appending (one writer; readers may share it).</summary>
    public SafeFileHandle OpenForWriting(long segment) =>
        File.OpenHandle(FileOf(segment), FileMode.Open, FileAccess.ReadWrite, FileShare.Read);

    /// <summary>Opens a segment for reading while the writer may still append to it; null when it does not exist.</summary>
    public SafeFileHandle? OpenForReading(long segment)
    {
        try
        {
            return File.OpenHandle(FileOf(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
