using System.Runtime.InteropServices;
using Backtrace.Capture.Linux.Native;

namespace Backtrace.Capture.Linux.Live;

/// <summary>
/// Lists the thread ids in <c>/proc/PID/task</c> with getdents64 into a caller-owned array, so the
/// rescans of the freeze loop allocate nothing.
/// </summary>
internal static unsafe partial class TaskList
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial nint getdents64(int fd, byte* buffer, nint count);

    /// <summary>Fills <paramref name="tids"/> (grown when full) and returns the count, or -errno.</summary>
    public static int Read(ReadOnlySpan<byte> taskDirectory, ref int[] tids, Span<byte> scratch)
    {
        int fd;
        fixed (byte* path = taskDirectory)
        {
            fd = LibC.open(path, LibC.ORdonly | LibC.OCloexec | 0x10000 /* O_DIRECTORY */);
        }

        if (fd < 0)
        {
            return -Marshal.GetLastPInvokeError();
        }

        try
        {
            var count = 0;
            while (true)
            {
                nint read;
                fixed (byte* buffer = scratch)
                {
                    read = getdents64(fd, buffer, scratch.Length);
                }

                if (read < 0)
                {
                    return -Marshal.GetLastPInvokeError();
                }

                if (read == 0)
                {
                    return count;
                }

                // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                for (var offset = 0; offset < read;)
                {
                    var record = scratch[offset..(int)read];
                    var length = record[16] | (record[17] << 8);
                    if (length == 0)
                    {
                        break;
                    }

                    var tid = ParseTid(record[19..length]);
                    if (tid > 0)
                    {
                        if (count == tids.Length)
                        {
                            Array.Resize(ref tids, tids.Length * 2);
                        }

                        tids[count++] = tid;
                    }

                    offset += length;
                }
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    private static int ParseTid(ReadOnlySpan<byte> name)
    {
        var value = 0;
        foreach (var c in name)
        {
            if (c == 0)
            {
                break;
            }

            if (c is < (byte)'0' or > (byte)'9' || value > 100_000_000)
            {
                return 0;
            }

            value = value * 10 + (c - '0');
        }

        return value;
    }
}
