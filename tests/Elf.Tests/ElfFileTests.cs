using System.Buffers.Binary;
using System.Globalization;
using Backtrace.NativeTargets;

namespace Backtrace.Elf.Tests;

/// <summary>The ELF reader against readelf and nm on real binaries built at test time and on libc.</summary>
public sealed class ElfFileTests
{
    private static string Program(params string[] flags) => NativeProgram.Build("stacks.c", flags.Length == 0 ? ["-O2", "-g"] : flags);

    [Fact]
    public void BuildId_MatchesReadelf()
    {
        var path = Program();
        using var file = ElfFile.Open(path);
        var expected = ExternalTool.Check("readelf", "-n", path).Split("Build ID: ")[1][..40];
        Assert.Equal(expected, Convert.ToHexStringLower(file.BuildId!));
        Assert.Equal(ElfFileType.SharedObject, file.Type);
        Assert.Equal(62, file.Machine);
    }

    [Fact]
    public void SectionsAndSegments_MatchReadelf()
    {
        var path = Program();
        using var file = ElfFile.Open(path);
        var readelf = ExternalTool.Check("readelf", "-SW", path);
        foreach (var section in file.Sections.Where(s => s.Name.Length > 0))
        {
            Assert.Contains($" {section.Name} ", readelf);
            Assert.Contains($"{section.Offset:x6} {section.Size:x6}", readelf);
        }

        var loads = ExternalTool.Check("readelf", "-lW", path).Split('\n').Count(l => l.TrimStart().StartsWith("LOAD", StringComparison.Ordinal));
        Assert.Equal(loads, file.ProgramHeaders.Count(p => p.Type == ElfSegmentType.Load));
    }

    [Theory]
    [InlineData("-O2 -g")]
    [InlineData("-O0")]
    public void EveryFunctionSymbol_IsFoundAtItsAddressAndNotPastItsEnd(string flags)
    {
        var path = Program(flags.Split(' '));
        using var file = ElfFile.Open(path);
        var table = file.GetSymbolTable()!;
        var functions = NmFunctions(path);
        Assert.NotEmpty(functions);
        foreach (var (address, size, name) in functions)
        {
            Assert.True(table.TryFindContaining(address, out var symbol), $"{name} at 0x{address:x} not found");
            Assert.Equal(address, symbol.Value);
            Assert.True(table.TryFindContaining(address + size - 1, out var last) && last.Value == address, $"last byte of {name} not in it");
            if (table.TryFindContaining(address + size, out var after))
            {
                Assert.True(after.Value > address, $"0x{address + size:x} past the end of {name} (size {size}) still resolves to it");
            }
        }
    }

    [Fact]
    public void LibcDebugSymbols_AllResolveToTheirOwnAddress()
    {
        var libc = "/lib/x86_64-linux-gnu/libc.so.6";
        using var elf = ElfFile.Open(libc);
        var id = Convert.ToHexStringLower(elf.BuildId!);
        var debugPath = $"/usr/lib/debug/.build-id/{id[..2]}/{id[2..]}.debug";
        using var debug = ElfFile.Open(debugPath);
        var table = debug.GetSymbolTable()!;
        var functions = NmFunctions(debugPath);
        Assert.True(functions.Count > 3000, $"only {functions.Count} functions in {debugPath}");
        Assert.All(functions, f => Assert.True(table.TryFindContaining(f.Address, out var s) && s.Value == f.Address, $"{f.Name}"));
        Assert.True(table.TryFindByName("__restore_rt", out var restore));
        Assert.True(table.TryFindContaining(restore.Value + 4, out var inside) && inside.Name == "__restore_rt");
    }

    [Fact]
    public void CompressedDebugSections_InflateToTheBytesObjcopyWrites()
    {
        var compressed = Program("-O2", "-g", "-gz");
        var plain = Path.Combine(NativeProgram.OutputDirectory, "decompressed-" + Path.GetFileName(compressed));
        ExternalTool.Check("objcopy", "--decompress-debug-sections", compressed, plain);
        using var zipped = ElfFile.Open(compressed);
        using var unzipped = ElfFile.Open(plain);
        foreach (var name in new[] { ".debug_info", ".debug_line", ".debug_abbrev", ".debug_str" })
        {
            Assert.True(zipped.FindSection(name)!.Value.IsCompressed, $"{name} is not compressed");
            Assert.True(zipped.GetSectionData(zipped.FindSection(name)!.Value).Span.SequenceEqual(unzipped.GetSectionData(unzipped.FindSection(name)!.Value).Span), name);
        }
    }

    [Fact]
    public void GnuZdebugSections_AreInflatedUnderTheirStandardName()
    {
        using var zipped = ElfFile.Open(Program("-O2", "-g", "-gz=zlib-gnu"));
        using var plain = ElfFile.Open(Program("-O2", "-g"));
        Assert.NotNull(zipped.FindSection(".zdebug_info"));
        Assert.Equal(plain.GetDebugSectionData(".debug_line").Length, zipped.GetDebugSectionData(".debug_line").Length);
    }

    [Fact]
    public void ZstdCompressedSection_IsReportedAsUnsupported()
    {
        var image = File.ReadAllBytes(Program("-O2", "-g", "-gz"));
        using var original = ElfFile.FromImage(image, "original");
        var section = original.FindSection(".debug_info")!.Value;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)section.Offset), 2);
        using var file = ElfFile.FromImage(image, "zstd");
        var error = Assert.Throws<ElfFormatException>(() => file.GetSectionData(file.FindSection(".debug_info")!.Value));
        Assert.Contains("zstd", error.Message);
        Assert.Contains(".debug_info", error.Message);
    }

    internal static List<(ulong Address, ulong Size, string Name)> NmFunctions(string path)
    {
        var functions = new List<(ulong, ulong, string)>();
        foreach (var line in ExternalTool.Check("nm", "-S", "--defined-only", path).Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 4 && fields[2] is "T" or "t" or "W" or "i")
            {
                var size = ulong.Parse(fields[1], NumberStyles.HexNumber);
                if (size > 0)
                {
                    functions.Add((ulong.Parse(fields[0], NumberStyles.HexNumber), size, fields[3]));
                }
            }
        }

        return functions;
    }
}
