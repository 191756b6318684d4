using System.Runtime.InteropServices;

namespace Backtrace.Elf;

/// <summary>An in-memory image (the vDSO read from a target, a test fixture) pinned so spans over it stay valid.</summary>
internal sealed unsafe class PinnedArrayStorage : ElfStorage
{
    private GCHandle _handle;

    public PinnedArrayStorage(byte[] image)
    {
        _handle = GCHandle.Alloc(image, GCHandleType.Pinned);
        Pointer = (byte*)_handle.AddrOfPinnedObject();
        Length = image.Length;
    }

    public override void Dispose()
    {
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }
}
