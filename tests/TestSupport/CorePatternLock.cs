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
    private readonly FileStream _file;
    private bool _disposed;

    private CorePatternLock(FileStream file, string previous)
    {
        _file = file;
        Previous = previous;
    }

    /// <summary>The pattern in force when the lock was taken; restored on dispose.</summary>
    public string Previous { get; }

    /// <summary>Waits (up to <paramref name="timeout"/>) for the lock.</summary>
    public static CorePatternLock Acquire(TimeSpan timeout)
    {
        var file = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var deadline = DateTime.UtcNow + timeout;
        while (flock((int)file.SafeFileHandle.DangerousGetHandle(), LockExclusive | LockNonBlocking) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                file.Dispose();
                throw new TimeoutException($"another test held {LockPath} for more than {timeout.TotalSeconds} s");
            }

            Thread.Sleep(20);
        }

        return new CorePatternLock(file, File.ReadAllText(CorePatternPath).TrimEnd('\n'));
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
            flock((int)_file.SafeFileHandle.DangerousGetHandle(), LockUnlock);
            _file.Dispose();
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);
}
