using System.Buffers.Binary;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>Answers "what is at this address" for one snapshot: the module, the mapping, the captured bytes.</summary>
public sealed class AddressBook
{
    private readonly SnapshotModule[] _modules;
    private readonly MemoryMapping[] _mappings;
    private readonly MemoryRegion[] _memory;

    public AddressBook(Snapshot snapshot)
    {
        _modules = [.. snapshot.Modules.Where(m => m.Size > 0).OrderBy(m => m.Base)];
        _mappings = [.. snapshot.Mappings.Where(m => m.End > m.Start).OrderBy(m => m.Start)];
        _memory = [.. snapshot.Memory.Where(r => r.Bytes.Length > 0).OrderBy(r => r.Address)];
    }

    /// <summary>The module whose range holds <paramref name="address"/>.</summary>
    public SnapshotModule? ModuleAt(ulong address) =>
        Array.Find(_modules, m => address >= m.Base && address - m.Base < m.Size);

    /// <summary>The memory-map entry holding <paramref name="address"/>.</summary>
    public MemoryMapping? MappingAt(ulong address) =>
        Array.Find(_mappings, m => address >= m.Start && address < m.End);

    /// <summary>The captured region holding <paramref name="address"/>.</summary>
    public MemoryRegion? RegionAt(ulong address) =>
        Array.Find(_memory, r => address >= r.Address && address - r.Address < (ulong)r.Bytes.Length);

    /// <summary>The captured bytes from <paramref name="address"/> to the end of its region (empty when not captured).</summary>
    public ReadOnlySpan<byte> BytesFrom(ulong address) =>
        RegionAt(address) is { } region ? region.Bytes.AsSpan((int)(address - region.Address)) : default;

    /// <summary>Reads a little-endian 64-bit word when all eight bytes were captured.</summary>
    public ulong? ReadUInt64(ulong address)
    {
        var bytes = BytesFrom(address);
        return bytes.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : null;
    }

    /// <summary>A short description of what <paramref name="value"/> points at, or null when nothing known:
    /// <c>libc.so.6+0x2a1b0</c>, <c>[stack]</c>, <c>[heap]</c>.</summary>
    public string? Describe(ulong value)
    {
        if (value < 0x1000)
        {
            return null;
        }

        if (ModuleAt(value) is { } module)
        {
            return $"{Names.FileName(module.Path)}+0x{value - module.Base:x}";
        }

        return MappingAt(value) is { } mapping
            ? mapping.Path is { Length: > 0 } path ? Names.FileName(path) : $"anon {mapping.Permissions}"
            : null;
    }
}
