using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// fdatasync and fsync straight from libc: .NET has no fdatasync and cannot open a directory, and a new file
/// survives power loss only once its directory is synced.
/// </summary>
internal static partial class Fsync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux

    /// <summary>
    /// Makes a file's data durable, with the metadata needed to read it back (its size, when appended to), but
    /// not its times: one journal commit less than fsync when only the data changed.
    /// </summary>
    public static void Data(SafeFileHandle handle, string path)
    {
        if (DataSync(handle) != 0)
        {
            throw new IOException($"fdatasync of {path} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
    }

    /// <summary>Makes a directory's entries (files created or renamed into it) durable.</summary>
    public static void DirectoryEntries(string path)
    {
        var fd = Open(path, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"opening directory {path} to fsync it failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }

        try
        {
            if (Sync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int DataSync(SafeFileHandle handle);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Sync(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
