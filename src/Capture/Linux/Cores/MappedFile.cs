using System.IO.MemoryMappedFiles;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>A read-only memory mapping of a whole file: cores and module files are read in place, never loaded.</summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _pointer;

    private MappedFile(string path, long length, MemoryMappedFile? file, MemoryMappedViewAccessor? view)
    {
        Path = path;
        Length = length;
        _file = file;
        _view = view;
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref _pointer);
            _pointer += view.PointerOffset;
        }
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Maps <paramref name="path"/>; throws <see cref="CaptureException"/> with a precise reason.</summary>
    public static MappedFile Open(string path)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length == 0)
            {
                return new MappedFile(path, 0, null, null);
            }

            var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(path, length, file, file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read));
        }
        catch (FileNotFoundException)
        {
            throw new CaptureException(CaptureFailure.NotFound, $"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CaptureException(CaptureFailure.NotFound, $"{path}: no such file");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CaptureException(CaptureFailure.PermissionDenied, $"{path}: permission denied", e);
        }
        catch (IOException e)
        {
            throw new CaptureException(CaptureFailure.InvalidInput, $"{path}: {e.Message}", e);
        }
    }

    /// <summary>The bytes <c>[offset, offset+length)</c>, clipped to the file.</summary>
    public ReadOnlySpan<byte> Slice(long offset, long length)
    {
        if (offset < 0 || offset >= Length || length <= 0)
        {
            return default;
        }

        return new ReadOnlySpan<byte>(_pointer + offset, (int)Math.Min(Math.Min(length, Length - offset), int.MaxValue));
    }

    public void Dispose()
    {
        if (_view is not null && _pointer != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointer = null;
        }

        _view?.Dispose();
        _file?.Dispose();
    }
}
