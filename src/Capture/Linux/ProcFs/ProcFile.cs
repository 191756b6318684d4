using Backtrace.Capture.Linux.Native;

namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>
/// Reads /proc files with open/read into a caller-owned buffer: no FileStream, no strings, so it can run
/// while the target is stopped without allocating.
/// </summary>
internal static unsafe class ProcFile
{
    /// <summary>
    /// Reads the whole file into <paramref name="buffer"/> (grown by doubling when full) and returns the
    /// number of bytes read, or -errno.
    /// </summary>
    /// <param name="path">NUL-terminated UTF-8 path.</param>
    /// <param name="buffer">Receives the contents; replaced by a larger array when too small.</param>
    public static int Read(ReadOnlySpan<byte> path, ref byte[] buffer)
    {
        int fd;
        fixed (byte* p = path)
        {
            fd = LibC.open(p, LibC.ORdonly | LibC.OCloexec);
        }

        if (fd < 0)
        {
            return -System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        }

        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                nint read;
                fixed (byte* b = buffer)
                {
                    read = LibC.read(fd, b + total, buffer.Length - total);
                }

                if (read < 0)
                {
                    var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno == LibC.Eintr)
                    {
                        continue;
                    }

                    return -errno;
                }

                if (read == 0)
                {
                    return total;
                }

                total += (int)read;
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>A NUL-terminated UTF-8 path, made before the target is stopped.</summary>
    public static byte[] Path(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>Reads a small text file as a string, or null when it cannot be read.</summary>
    public static string? ReadText(string path)
    {
        var buffer = new byte[4096];
        var length = Read(Path(path), ref buffer);
        return length < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
