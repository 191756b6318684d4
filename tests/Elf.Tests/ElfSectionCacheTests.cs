using Backtrace.NativeTargets;

namespace Backtrace.Elf.Tests;

/// <summary>The on-disk cache of inflated sections: written once, mapped afterwards, rebuilt when damaged, capped in size.</summary>
public sealed class ElfSectionCacheTests
{
    [Fact]
    public void InflatedSection_IsStoredThenMappedWithTheSameBytes()
    {
        var program = NativeProgram.Build("stacks.c", "-O2", "-g", "-gz");
        var directory = Path.Combine(NativeProgram.OutputDirectory, "section-cache-" + Guid.NewGuid().ToString("n"));
        byte[] first;
        using (var file = ElfFile.Open(program))
        {
            file.SectionCache = new ElfSectionCache(directory, 1L << 30);
            first = file.GetSectionData(file.FindSection(".debug_info")!.Value).ToArray();
        }

        var stored = Directory.GetFiles(directory, "debug_info.*", SearchOption.AllDirectories);
        Assert.Single(stored);
        Assert.Equal(first.Length, new FileInfo(stored[0]).Length);

        using (var again = ElfFile.Open(program))
        {
            again.SectionCache = new ElfSectionCache(directory, 1L << 30);
            Assert.True(again.GetSectionData(again.FindSection(".debug_info")!.Value).Span.SequenceEqual(first));
        }

        // A damaged entry (wrong size) is ignored and rewritten.
        File.WriteAllBytes(stored[0], new byte[10]);
        using (var damaged = ElfFile.Open(program))
        {
            damaged.SectionCache = new ElfSectionCache(directory, 1L << 30);
            Assert.True(damaged.GetSectionData(damaged.FindSection(".debug_info")!.Value).Span.SequenceEqual(first));
        }

        Assert.Equal(first.Length, new FileInfo(stored[0]).Length);
    }

    [Fact]
    public void FullCache_StoresNothingMore()
    {
        var program = NativeProgram.Build("stacks.c", "-O2", "-g", "-gz");
        var directory = Path.Combine(NativeProgram.OutputDirectory, "section-cache-" + Guid.NewGuid().ToString("n"));
        using var file = ElfFile.Open(program);
        file.SectionCache = new ElfSectionCache(directory, 16);
        Assert.False(file.GetSectionData(file.FindSection(".debug_info")!.Value).IsEmpty);
        Assert.False(Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void CacheAtItsBound_EvictsTheLeastRecentlyUsedBuildIdToStoreANewOne()
    {
        // Two links of the same program that differ only in build-id: the same sections, so a bound of 1.5 sections holds one.
        var first = NativeProgram.Build("stacks.c", "-O2", "-g", "-gz");
        var second = NativeProgram.Build("stacks.c", "-O2", "-g", "-gz", "-Wl,--build-id=0x0123456789abcdef0123456789abcdef01234567");
        var directory = Path.Combine(NativeProgram.OutputDirectory, "section-cache-" + Guid.NewGuid().ToString("n"));
        long size;
        using (var file = ElfFile.Open(first))
        {
            file.SectionCache = new ElfSectionCache(directory, 1L << 30);
            size = file.GetSectionData(file.FindSection(".debug_info")!.Value).Length;
        }

        var firstId = Convert.ToHexStringLower(ElfFile.Open(first).BuildId!);
        Assert.True(File.Exists(Path.Combine(directory, firstId, $"debug_info.{size}")));

        using (var file = ElfFile.Open(second))
        {
            file.SectionCache = new ElfSectionCache(directory, size + size / 2);
            var data = file.GetSectionData(file.FindSection(".debug_info")!.Value);
            var secondId = Convert.ToHexStringLower(file.BuildId!);
            Assert.NotEqual(firstId, secondId);
            Assert.True(File.Exists(Path.Combine(directory, secondId, $"debug_info.{data.Length}")), "the new build-id was not stored");
        }

        Assert.False(Directory.Exists(Path.Combine(directory, firstId)), "the least recently used build-id was kept beyond the bound");
    }

    [Fact]
    public void CorruptCompressedSection_FailsPreciselyAndLeavesNothingInTheCache()
    {
        var program = NativeProgram.Build("stacks.c", "-O2", "-g", "-gz");
        var corrupt = Path.Combine(NativeProgram.OutputDirectory, $"corrupt-{Guid.NewGuid():n}");
        var bytes = File.ReadAllBytes(program);
        ulong offset, size;
        using (var original = ElfFile.Open(program))
        {
            var section = original.FindSection(".debug_info")!.Value;
            (offset, size) = (section.Offset, section.Size);
        }

        // Damage the middle of the zlib stream (past the 24-byte compression header and the 2-byte zlib header).
        for (var i = (int)offset + 40; i < (int)(offset + size) - 8; i += 7)
        {
            bytes[i] ^= 0x5a;
        }

        File.WriteAllBytes(corrupt, bytes);
        var directory = Path.Combine(NativeProgram.OutputDirectory, "section-cache-" + Guid.NewGuid().ToString("n"));
        using var file = ElfFile.Open(corrupt);
        file.SectionCache = new ElfSectionCache(directory, 1L << 30);
        var error = Assert.Throws<ElfFormatException>(() => file.GetSectionData(file.FindSection(".debug_info")!.Value));
        Assert.StartsWith($"{corrupt}: section .debug_info ", error.Message);
        Assert.Empty(Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : []);
    }
}
