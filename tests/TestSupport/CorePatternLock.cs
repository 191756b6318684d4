using System.Runtime.InteropServices;

namespace Backtrace.TestSupport;

/// <summary>
/// core_pattern is machine-wide, and test assemblies (ours and other components') run in parallel: every
/// test that changes it holds this exclusive flock on <see cref="LockPath"/> and restores the previous
/// pattern before releasing it.
/// </summary>
public sealed partial class CorePatternLock : IDisposable
{
    public const string LockPath = "/tmp/backtrace-tests-core-pattern.lock";
    public const string CorePatternPath = "/proc/sys/kernel/core_pattern";

    private const int LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;
    private const int OpenReadWrite = 2, OpenCreate = 0x40;
    private readonly int _fd;
    private bool _disposed;

    private CorePatternLock(int fd, string previous)
    {
        _fd = fd;
        Previous = previous;
    }

    /// <summary>The pattern in force when the lock was taken; restored on dispose.</summary>
    public string Previous { get; }

    /// <summary>Waits (up to <paramref name="timeout"/>) for the lock.</summary>
    public static CorePatternLock Acquire(TimeSpan timeout)
    {
        // Opened with open(2), not FileStream: FileStream takes a shared flock of its own on open, which fails at
        // once ("used by another process") while another test holds the exclusive lock, instead of waiting.
        var fd = open(LockPath, OpenReadWrite | OpenCreate, 0x1B6 /* 0666 */);
        if (fd < 0)
        {
            throw new IOException($"{LockPath} could not be opened (errno {Marshal.GetLastPInvokeError()})");
        }

        var deadline = DateTime.UtcNow + timeout;
        while (flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                close(fd);
                throw new TimeoutException($"another test held {LockPath} for more than {timeout.TotalSeconds} s");
            }

            Thread.Sleep(20);
        }

        return new CorePatternLock(fd, File.ReadAllText(CorePatternPath).TrimEnd('\n'));
    }

    /// <summary>Sets core_pattern (the lock must be held).</summary>
    public void Set(string pattern) => File.WriteAllText(CorePatternPath, pattern);

    public static string Current => File.ReadAllText(CorePatternPath).TrimEnd('\n');

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            File.WriteAllText(CorePatternPath, Previous);
        }
        finally
        {
            flock(_fd, LockUnlock);
            close(_fd);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
