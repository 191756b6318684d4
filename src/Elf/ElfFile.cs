using System.Buffers.Binary;
using System.Text;

namespace Backtrace.Elf;

/// <summary>
/// A 64-bit little-endian ELF file (executable, shared object, debug file or core) read in place from a memory
/// mapping or a pinned image: headers are decoded once, section and segment bytes are handed out as spans without
/// copying, compressed sections are inflated once and kept. Every offset and size is checked against the file;
/// malformed input raises <see cref="ElfFormatException"/>. Thread-safe for reading.
/// </summary>
public sealed unsafe class ElfFile : IDisposable
{
    private const int HeaderSize = 64;

    private readonly ElfStorage _storage;
    private readonly ReadOnlyMemory<byte>?[] _sectionData;
    private readonly object _sync = new();
    private readonly object _symbolsSync = new();
    private readonly List<ElfStorage> _cachedSections = [];
    private ElfBuildIdState _buildId;
    private ElfSymbolTable? _symbols;
    private bool _symbolsRead;
    private readonly object[] _sectionLocks;
    private int _activeReads;
    private bool _disposed;

    private ElfFile(ElfStorage storage, string name, ElfReadLimits limits)
    {
        _storage = storage;
        Name = name;
        Limits = limits;
        var header = GetBytes(0, HeaderSize, "ELF header");
        if (!header.StartsWith("\u007fELF"u8))
        {
            throw new ElfFormatException($"{name}: not an ELF file (bad magic)");
        }

        if (header[4] != 2)
        {
            throw new ElfFormatException($"{name}: ELF class {header[4]} is not supported (only 64-bit ELF)");
        }

        if (header[5] != 1)
        {
            throw new ElfFormatException($"{name}: ELF data encoding {header[5]} is not supported (only little-endian)");
        }

        Type = (ElfFileType)BinaryPrimitives.ReadUInt16LittleEndian(header[16..]);
        Machine = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
        EntryPoint = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        ProgramHeaders = ElfHeaderReader.ReadTables(this, header, out var sections);
        Sections = sections;
        _sectionData = new ReadOnlyMemory<byte>?[sections.Count];
        _sectionLocks = new object[sections.Count];
        for (var i = 0; i < _sectionLocks.Length; i++)
        {
            _sectionLocks[i] = new object();
        }
    }

    /// <summary>Path or name the file was opened as (for messages).</summary>
    public string Name { get; }

    /// <summary>The limits parsing honours.</summary>
    public ElfReadLimits Limits { get; }

    /// <summary>Where inflated compressed sections are kept between processes, or null (the default) to inflate every time.</summary>
    public ElfSectionCache? SectionCache { get; set; }

    /// <summary>Size of the image in bytes.</summary>
    public long Length => _storage.Length;

    /// <summary>e_type.</summary>
    public ElfFileType Type { get; }

    /// <summary>e_machine (62 = x86-64, 183 = AArch64, ...).</summary>
    public ushort Machine { get; }

    /// <summary>e_entry.</summary>
    public ulong EntryPoint { get; }

    /// <summary>The program headers (segments), in file order.</summary>
    public IReadOnlyList<ElfProgramHeader> ProgramHeaders { get; }

    /// <summary>The section headers, in file order (empty when the file has none, as cores usually do).</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>The GNU build-id from the first <c>NT_GNU_BUILD_ID</c> note, or null.</summary>
    public byte[]? BuildId
    {
        get
        {
            if (!_buildId.Read)
            {
                _buildId = new ElfBuildIdState(true, ElfIdentity.FindBuildId(this));
            }

            return _buildId.Value;
        }
    }

    /// <summary>The <c>.gnu_debuglink</c> section's contents, or null when there is none or it is malformed.</summary>
    public ElfDebugLink? DebugLink => ElfIdentity.ReadDebugLink(this);

    /// <summary>Maps a file and reads its headers.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="ElfFormatException">The file is not a well-formed 64-bit little-endian ELF file.</exception>
    public static ElfFile Open(string path, ElfReadLimits? limits = null)
    {
        limits ??= ElfReadLimits.Default;
        var storage = MappedFileStorage.Open(path, limits.MaxFileSize);
        try
        {
            return new ElfFile(storage, path, limits);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Reads an ELF image held in memory (pinned, not copied): the vDSO read from a target, for example.</summary>
    /// <exception cref="ElfFormatException">The image is not a well-formed 64-bit little-endian ELF file.</exception>
    public static ElfFile FromImage(byte[] image, string name, ElfReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var storage = new PinnedArrayStorage(image);
        try
        {
            return new ElfFile(storage, name, limits ?? ElfReadLimits.Default);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Bytes <c>[offset, offset + size)</c> of the file.</summary>
    /// <exception cref="ElfFormatException">The range is not inside the file or exceeds 2 GiB; <paramref name="what"/> names it in the message.</exception>
    public ReadOnlySpan<byte> GetBytes(ulong offset, ulong size, string what)
    {
        if (!TryGetBytes(offset, size, out var bytes))
        {
            throw new ElfFormatException($"{Name}: {what} at offset 0x{offset:x} size 0x{size:x} lies outside the file (size 0x{Length:x})");
        }

        return bytes;
    }

    /// <summary>Bytes <c>[offset, offset + size)</c> of the file, or false when the range is not inside it.</summary>
    public bool TryGetBytes(ulong offset, ulong size, out ReadOnlySpan<byte> bytes)
    {
        if (offset > (ulong)Length || size > (ulong)Length - offset || size > int.MaxValue)
        {
            bytes = default;
            return false;
        }

        bytes = new ReadOnlySpan<byte>(_storage.Pointer + offset, (int)size);
        return true;
    }

    /// <summary>Bytes <c>[offset, offset + size)</c> of the file as memory that can be kept (no copy; valid until <see cref="Dispose"/>).</summary>
    /// <exception cref="ElfFormatException">The range is not inside the file or exceeds 2 GiB.</exception>
    public ReadOnlyMemory<byte> GetMemory(ulong offset, ulong size, string what)
    {
        var bytes = GetBytes(offset, size, what);
        return bytes.IsEmpty ? ReadOnlyMemory<byte>.Empty : new UnmanagedMemoryManager(_storage.Pointer + offset, bytes.Length).Memory;
    }

    /// <summary>The first section named <paramref name="name"/>, or null.</summary>
    public ElfSection? FindSection(string name)
    {
        foreach (var section in Sections)
        {
            if (section.Name == name)
            {
                return section;
            }
        }

        return null;
    }

    /// <summary>
    /// The contents of a section, inflated when it is compressed (<c>SHF_COMPRESSED</c> with zlib, or a GNU
    /// <c>.zdebug_*</c> section); empty for <c>SHT_NOBITS</c>. Inflated contents are kept for later calls.
    /// </summary>
    /// <exception cref="ElfFormatException">The section lies outside the file, is corrupt, too large, or compressed with zstd (not supported).</exception>
    public ReadOnlyMemory<byte> GetSectionData(ElfSection section)
    {
        if ((uint)section.Index >= (uint)_sectionData.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(section), $"section index {section.Index} is not a section of {Name}");
        }

        if (_sectionData[section.Index] is { } cached)
        {
            return cached;
        }

        // One lock per section, so that sections inflate in parallel on different threads (DWARF sections are read ahead
        // on another thread); _sync only guards the list of mappings and disposal.
        lock (_sectionLocks[section.Index])
        {
            if (_sectionData[section.Index] is { } raced)
            {
                return raced;
            }

            EnterRead();
            try
            {
                var data = ReadSection(section);
                _sectionData[section.Index] = data;
                return data;
            }
            finally
            {
                ExitRead();
            }
        }
    }

    private ReadOnlyMemory<byte> ReadSection(ElfSection section)
    {
        if (section.HasNoBits || section.Size == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var raw = GetBytes(section.Offset, section.Size, $"section {section.Name}");
        if (section.IsCompressed)
        {
            return InflateCached(raw, section);
        }

        return section.Name.StartsWith(".zdebug", StringComparison.Ordinal)
            ? ElfSectionDecompressor.InflateZdebug(raw, section.Name, Name, Limits.MaxDecompressedSectionSize)
            : new UnmanagedMemoryManager(_storage.Pointer + section.Offset, raw.Length).Memory;
    }

    /// <summary>Marks a section read in progress; a background reader (DWARF read ahead) may outlive the file's owner.</summary>
    private void EnterRead()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _activeReads++;
        }
    }

    private void ExitRead()
    {
        lock (_sync)
        {
            _activeReads--;
            Monitor.PulseAll(_sync);
        }
    }

    private void KeepMapping(MappedFileStorage storage)
    {
        lock (_sync)
        {
            _cachedSections.Add(storage);
        }
    }

    private ReadOnlyMemory<byte> InflateCached(ReadOnlySpan<byte> raw, ElfSection section)
    {
        if (SectionCache is not { } cache || BuildId is not { } id)
        {
            return ElfSectionDecompressor.InflateChdr(raw, section.Name, Name, Limits.MaxDecompressedSectionSize);
        }

        var size = ElfSectionDecompressor.ChdrInflatedSize(raw, section.Name, Name, Limits.MaxDecompressedSectionSize);
        if (size == 0)
        {
            return ElfSectionDecompressor.InflateChdr(raw, section.Name, Name, Limits.MaxDecompressedSectionSize);
        }

        if (cache.TryOpen(id, section.Name, size) is { } stored)
        {
            KeepMapping(stored);
            return new UnmanagedMemoryManager(stored.Pointer, size).Memory;
        }

        // Inflate straight into the new cache file: the bytes land in the page cache once, with no copy to write out.
        if (cache.BeginStore(id, section.Name, size) is not { } pending)
        {
            return ElfSectionDecompressor.InflateChdr(raw, section.Name, Name, Limits.MaxDecompressedSectionSize);
        }

        try
        {
            ElfSectionDecompressor.InflateChdr(raw, new Span<byte>(pending.Storage.Pointer, size), section.Name, Name);
        }
        catch
        {
            cache.Abandon(pending);
            throw;
        }

        var written = cache.Commit(pending);
        KeepMapping(written);
        return new UnmanagedMemoryManager(written.Pointer, size).Memory;
    }

    /// <summary>
    /// True when reading the DWARF section <paramref name="name"/> means inflating it now: it is compressed, not yet
    /// read, and not in the <see cref="SectionCache"/>.
    /// </summary>
    public bool NeedsInflation(string name)
    {
        if ((FindSection(name) ?? FindSection(".z" + name.TrimStart('.'))) is not { } section || _sectionData[section.Index] is not null)
        {
            return false;
        }

        if (section.Name.StartsWith(".zdebug", StringComparison.Ordinal))
        {
            return true;
        }

        if (!section.IsCompressed)
        {
            return false;
        }

        return SectionCache is not { } cache || BuildId is not { } id || !TryGetBytes(section.Offset, section.Size, out var raw) || raw.Length < 24
            || !cache.Contains(id, section.Name, (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]));
    }

    /// <summary>
    /// The contents of a DWARF section by its standard name (<c>.debug_info</c>, ...), also accepting the GNU
    /// <c>.zdebug_*</c> spelling of compressed sections; empty when absent.
    /// </summary>
    public ReadOnlyMemory<byte> GetDebugSectionData(string name)
    {
        if (FindSection(name) is { } section)
        {
            return GetSectionData(section);
        }

        return name.StartsWith(".debug", StringComparison.Ordinal) && FindSection(".z" + name[1..]) is { } zipped
            ? GetSectionData(zipped)
            : ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>
    /// The symbol table used to name addresses: <c>.symtab</c> when present, else <c>.dynsym</c>; null when the file
    /// has neither. Read once.
    /// </summary>
    /// <exception cref="ElfFormatException">The symbol table is malformed.</exception>
    public ElfSymbolTable? GetSymbolTable()
    {
        if (_symbolsRead)
        {
            return _symbols;
        }

        lock (_symbolsSync)
        {
            if (!_symbolsRead)
            {
                var table = FindSectionOfType(2) ?? FindSectionOfType(11);
                _symbols = table is { } t && !t.HasNoBits ? ElfSymbolTable.Read(this, t) : null;
                _symbolsRead = true;
            }

            return _symbols;
        }
    }

    /// <summary>Reads the notes of a <c>PT_NOTE</c> segment; descriptor offsets are file offsets.</summary>
    public List<ElfNote> ReadNotes(ElfProgramHeader segment)
    {
        var bytes = GetBytes(segment.Offset, segment.FileSize, "note segment");
        return ElfNotes.Parse(bytes, segment.Alignment == 8 ? 8 : 4, Limits.MaxNotes, (long)segment.Offset);
    }

    /// <summary>Reads the notes of an <c>SHT_NOTE</c> section; descriptor offsets are file offsets.</summary>
    public List<ElfNote> ReadNotes(ElfSection section)
    {
        var bytes = GetBytes(section.Offset, section.Size, $"note section {section.Name}");
        return ElfNotes.Parse(bytes, section.Name == ".note.gnu.property" ? 8 : 4, Limits.MaxNotes, (long)section.Offset);
    }

    /// <summary>
    /// The load bias of a mapping of this file that starts at <paramref name="mappingStart"/> with file offset
    /// <paramref name="mappingFileOffset"/>: the <c>PT_LOAD</c> holding that (page-aligned) offset gives
    /// <c>bias = mappingStart - vaddrOf(offset)</c>. Works for PIE, DSOs, fixed-address executables, and mappings
    /// that start inside a segment (RELRO splits one segment into two mappings).
    /// </summary>
    public bool TryGetLoadBias(ulong mappingStart, ulong mappingFileOffset, out ulong bias)
    {
        const ulong PageMask = ~0xfffUL;
        foreach (var segment in ProgramHeaders)
        {
            var start = segment.Offset & PageMask;
            if (segment.Type == ElfSegmentType.Load && mappingFileOffset >= start
                && mappingFileOffset - start < Math.Max(segment.FileSize + (segment.Offset - start), 1))
            {
                bias = mappingStart - ((segment.VirtualAddress & PageMask) + (mappingFileOffset - start));
                return true;
            }
        }

        bias = 0;
        return false;
    }

    /// <summary>The file offset holding virtual address <paramref name="virtualAddress"/> and how many bytes follow it in the same <c>PT_LOAD</c> segment.</summary>
    public bool TryGetFileOffset(ulong virtualAddress, out ulong fileOffset, out ulong available)
    {
        foreach (var segment in ProgramHeaders)
        {
            if (segment.Type == ElfSegmentType.Load && virtualAddress >= segment.VirtualAddress
                && virtualAddress - segment.VirtualAddress < segment.FileSize)
            {
                var delta = virtualAddress - segment.VirtualAddress;
                fileOffset = segment.Offset + delta;
                available = segment.FileSize - delta;
                return fileOffset <= (ulong)Length && available <= (ulong)Length - fileOffset;
            }
        }

        fileOffset = 0;
        available = 0;
        return false;
    }

    /// <summary>
    /// Unmaps the file, after any section being inflated on another thread is done. Spans obtained from this instance
    /// must no longer be used; reading a section afterwards throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_activeReads > 0)
            {
                Monitor.Wait(_sync);
            }

            _storage.Dispose();
            foreach (var cached in _cachedSections)
            {
                cached.Dispose();
            }
        }
    }

    internal string ReadString(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return "";
        }

        var rest = table[(int)offset..];
        var end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? rest[..end] : rest);
    }

    private ElfSection? FindSectionOfType(uint type)
    {
        foreach (var section in Sections)
        {
            if (section.Type == type)
            {
                return section;
            }
        }

        return null;
    }

    private readonly record struct ElfBuildIdState(bool Read, byte[]? Value);
}
