using System.IO.MemoryMappedFiles;

namespace Backtrace.Elf;

/// <summary>A memory mapping of a whole file: the image is paged in on demand and never copied.</summary>
internal sealed unsafe class MappedFileStorage : ElfStorage
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    private MappedFileStorage(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + view.PointerOffset;
        Length = length;
    }

    /// <summary>Maps <paramref name="path"/>; throws <see cref="IOException"/> (file missing, unreadable) or <see cref="ElfFormatException"/> (empty, too large).</summary>
    public static MappedFileStorage Open(string path, long maxSize)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        try
        {
            var length = stream.Length;
            if (length == 0)
            {
                throw new ElfFormatException($"{path}: the file is empty");
            }

            if (length > maxSize)
            {
                throw new ElfFormatException($"{path}: the file is {length} bytes, above the {maxSize}-byte limit");
            }

            return Map(stream, length, MemoryMappedFileAccess.Read);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> (which must not exist) with <paramref name="length"/> bytes allocated on disk and
    /// maps it for writing. The allocation happens now, so a full disk fails here with an <see cref="IOException"/>
    /// rather than later, as a fault, when the mapping is written.
    /// </summary>
    public static MappedFileStorage Create(string path, long length)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 1,
            PreallocationSize = length,
        });
        try
        {
            stream.SetLength(length);
            return Map(stream, length, MemoryMappedFileAccess.ReadWrite);
        }
        catch
        {
            stream.Dispose();
            File.Delete(path);
            throw;
        }
    }

    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>Maps all of <paramref name="stream"/>, which the mapping then owns (callers dispose it again on failure; that is harmless).</summary>
    private static MappedFileStorage Map(FileStream stream, long length, MemoryMappedFileAccess access)
    {
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: false);
        try
        {
            return new MappedFileStorage(file, file.CreateViewAccessor(0, 0, access), length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
