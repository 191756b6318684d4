using System.Runtime.InteropServices;
using Backtrace.Capture.Linux.Native;

namespace Backtrace.Capture.Linux.Live;

/// <summary>
/// Copies the planned ranges out of the target with process_vm_readv, up to 1024 ranges per call. A
/// call stops at the first unreadable page; the reader records how much of that range it got and
/// resumes with the next range. When process_vm_readv is not allowed (EPERM/ENOSYS, e.g. seccomp), it
/// falls back to pread on /proc/PID/mem.
/// </summary>
internal static unsafe class RemoteReader
{
    private const int IovMax = 1024;

    /// <summary>Fills <c>Copied</c> of each range; returns the total copied.</summary>
    public static long Copy(int pid, Span<CopyRange> ranges, byte[] buffer, Span<IoVec> localScratch, Span<IoVec> remoteScratch)
    {
        long total = 0;
        var next = 0;
        fixed (byte* basePointer = buffer)
        fixed (IoVec* local = localScratch)
        fixed (IoVec* remote = remoteScratch)
        {
            while (next < ranges.Length)
            {
                var batch = Math.Min(Math.Min(IovMax, ranges.Length - next), Math.Min(localScratch.Length, remoteScratch.Length));
                for (var i = 0; i < batch; i++)
                {
                    ref var range = ref ranges[next + i];
                    local[i] = new IoVec { Base = (nint)(basePointer + range.BufferOffset), Length = (nuint)(range.End - range.Start) };
                    remote[i] = new IoVec { Base = (nint)range.Start, Length = (nuint)(range.End - range.Start) };
                }

                var read = (long)LibC.process_vm_readv(pid, local, (ulong)batch, remote, (ulong)batch, 0);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is LibC.Eperm or 38 /* ENOSYS */)
                    {
                        return total + CopyWithProcMem(pid, ranges[next..], basePointer);
                    }

                    // EFAULT on the very first page of the batch's first range: skip that range.
                    ranges[next].Copied = 0;
                    next++;
                    continue;
                }

                total += read;
                var consumed = 0;
                while (consumed < batch && read > 0)
                {
                    ref var range = ref ranges[next + consumed];
                    var length = (long)(range.End - range.Start);
                    range.Copied = Math.Min(length, read);
                    read -= range.Copied;
                    consumed++;
                    if (range.Copied < length)
                    {
                        break;
                    }
                }

                // A short range ends the call: resume after it. Nothing read at all: skip the failed range.
                next += Math.Max(consumed, 1);
            }
        }

        return total;
    }

    private static long CopyWithProcMem(int pid, Span<CopyRange> ranges, byte* basePointer)
    {
        Span<byte> path = stackalloc byte[32];
        var length = System.Text.Encoding.ASCII.GetBytes($"/proc/{pid}/mem", path);
        path[length] = 0;
        int fd;
        fixed (byte* p = path)
        {
            fd = LibC.open(p, LibC.ORdonly | LibC.OCloexec);
        }

        if (fd < 0)
        {
            return 0;
        }

        long total = 0;
        try
        {
            foreach (ref var range in ranges)
            {
                var wanted = (long)(range.End - range.Start);
                while (range.Copied < wanted)
                {
                    var read = LibC.pread(fd, basePointer + range.BufferOffset + range.Copied, (nint)(wanted - range.Copied), (long)range.Start + range.Copied);
                    if (read <= 0)
                    {
                        break;
                    }

                    range.Copied += read;
                }

                total += range.Copied;
            }
        }
        finally
        {
            LibC.close(fd);
        }

        return total;
    }
}
