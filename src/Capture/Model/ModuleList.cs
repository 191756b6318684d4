using System.Buffers.Binary;
using Backtrace.Unwinding.Target;

namespace Backtrace.Capture.Model;

/// <summary>
/// The target's modules with the build-id each one had in memory: the GNU build-id note found through the
/// program headers in the module's first page, which live captures copy and cores always contain
/// (coredump_filter bit 4). Comparing it with the file on disk shows a binary replaced since the crash.
/// </summary>
internal static class ModuleList
{
    private const uint PtLoad = 1, PtNote = 4, NtGnuBuildId = 3;
    private const int MaxProgramHeaders = 256;
    private const int MaxNoteBytes = 64 * 1024;

    public static List<TargetModule> Build(IReadOnlyList<MappedRegion> mappings, ProcessMemory memory)
    {
        var modules = TargetModule.ListFromMappings(mappings);
        for (var i = 0; i < modules.Count; i++)
        {
            var module = modules[i];
            if (ReadBuildId(memory, module.Start) is { } buildId)
            {
                modules[i] = new TargetModule(module.Path, module.Start, module.End) { BuildId = buildId, ImageInMemory = module.ImageInMemory, LoadBias = module.LoadBias };
            }
        }

        return modules;
    }

    /// <summary>The build-id of the ELF image whose header is at <paramref name="start"/>, or null.</summary>
    public static byte[]? ReadBuildId(ProcessMemory memory, ulong start)
    {
        Span<byte> header = stackalloc byte[64];
        if (!memory.TryRead(start, header) || !header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
        {
            return null;
        }

        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        if (entrySize != 56 || count is 0 or > MaxProgramHeaders || programHeaders > 64 * 1024)
        {
            return null;
        }

        var table = new byte[count * 56];
        if (!memory.TryRead(start + programHeaders, table))
        {
            return null;
        }

        // Load bias: the first PT_LOAD's page is mapped at the module start.
        ulong? firstLoad = null;
        for (var i = 0; i < count && firstLoad is null; i++)
        {
            var entry = table.AsSpan(i * 56, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) == PtLoad)
            {
                firstLoad = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]) & ~0xfffUL;
            }
        }

        if (firstLoad is not { } loadBase)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            var entry = table.AsSpan(i * 56, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) != PtNote)
            {
                continue;
            }

            var address = start - loadBase + BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            if (size is 0 or > MaxNoteBytes)
            {
                continue;
            }

            var notes = new byte[size];
            if (memory.TryRead(address, notes) && FindBuildId(notes) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static byte[]? FindBuildId(ReadOnlySpan<byte> notes)
    {
        var offset = 0;
        while (offset + 12 <= notes.Length)
        {
            var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[offset..]);
            var descSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[(offset + 4)..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(offset + 8)..]);
            var nameStart = offset + 12;
            var descStart = nameStart + (int)Align4(nameSize);
            if (nameSize > 256 || descSize > 1024 || descStart + descSize > notes.Length)
            {
                return null;
            }

            if (type == NtGnuBuildId && nameSize == 4 && notes.Slice(nameStart, 4).SequenceEqual("GNU\0"u8) && descSize > 0)
            {
                return notes.Slice(descStart, (int)descSize).ToArray();
            }

            offset = descStart + (int)Align4(descSize);
        }

        return null;
    }

    private static uint Align4(uint value) => (value + 3) & ~3u;
}
