using System.Buffers.Binary;
using Backtrace.NativeTargets;

namespace Backtrace.Elf.Tests;

/// <summary>Truncated, corrupted and absurd ELF input: a precise <see cref="ElfFormatException"/>, never a crash or a hang.</summary>
public sealed class HostileElfTests
{
    private static byte[] Image() => File.ReadAllBytes(NativeProgram.Build("stacks.c", "-O2", "-g", "-gz"));

    [Fact]
    public void EmptyFile_IsRejectedAsEmpty()
    {
        var path = Path.Combine(NativeProgram.OutputDirectory, "empty.elf");
        File.WriteAllBytes(path, []);
        Assert.Contains("empty", Assert.Throws<ElfFormatException>(() => ElfFile.Open(path)).Message);
    }

    [Fact]
    public void NotElf_And32Bit_AndBigEndian_AreNamed()
    {
        var text = new byte[64];
        "#!/bin/sh\n"u8.CopyTo(text);
        Assert.Contains("not an ELF file", Assert.Throws<ElfFormatException>(() => ElfFile.FromImage(text, "script")).Message);

        var image = Image();
        image[4] = 1;
        Assert.Contains("class 1", Assert.Throws<ElfFormatException>(() => ElfFile.FromImage(image, "elf32")).Message);
        image[4] = 2;
        image[5] = 2;
        Assert.Contains("data encoding 2 is not supported", Assert.Throws<ElfFormatException>(() => ElfFile.FromImage(image, "msb")).Message);
    }

    [Fact]
    public void EveryTruncation_FailsPreciselyOrReadsWhatIsThere()
    {
        var image = Image();
        for (var length = 0; length < image.Length; length += Math.Max(1, length / 7))
        {
            var cut = image[..length];
            try
            {
                using var file = ElfFile.FromImage(cut, $"cut-{length}");
                TouchEverything(file);
            }
            catch (ElfFormatException e)
            {
                Assert.Contains("cut-", e.Message);
            }
        }
    }

    [Fact]
    public void RandomCorruption_OnlyEverRaisesElfFormatException()
    {
        var original = Image();
        var random = new Random(42);
        for (var round = 0; round < 300; round++)
        {
            var image = (byte[])original.Clone();
            for (var i = 0; i < 16; i++)
            {
                // Corrupt headers and tables more than code: that is where the reader's trust is.
                var at = random.Next(2) == 0 ? random.Next(Math.Min(image.Length, 4096)) : random.Next(image.Length);
                image[at] = (byte)random.Next(256);
            }

            try
            {
                using var file = ElfFile.FromImage(image, "corrupt");
                TouchEverything(file);
            }
            catch (ElfFormatException)
            {
            }
        }
    }

    [Fact]
    public void AbsurdSectionSize_IsReportedWithTheSectionName()
    {
        var image = Image();
        using var original = ElfFile.FromImage((byte[])image.Clone(), "original");
        var shoff = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28));
        var index = original.FindSection(".debug_str")!.Value.Index;
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan((int)shoff + (index * 64) + 32), 0x7fff_ffff_ffff);
        using var file = ElfFile.FromImage(image, "huge");
        var error = Assert.Throws<ElfFormatException>(() => file.GetSectionData(file.Sections[index]));
        Assert.Contains(".debug_str", error.Message);
        Assert.Contains("outside the file", error.Message);
    }

    [Fact]
    public void CompressedSectionClaimingAHugeSize_IsRefusedBeforeAllocating()
    {
        var image = Image();
        using var original = ElfFile.FromImage((byte[])image.Clone(), "original");
        var section = original.FindSection(".debug_info")!.Value;
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan((int)section.Offset + 8), 100UL << 30);
        using var file = ElfFile.FromImage(image, "bomb");
        Assert.Contains("limit", Assert.Throws<ElfFormatException>(() => file.GetSectionData(file.Sections[section.Index])).Message);
    }

    [Fact]
    public void CompressedSectionWithALyingSize_IsRejected()
    {
        var image = Image();
        using var original = ElfFile.FromImage((byte[])image.Clone(), "original");
        var section = original.FindSection(".debug_line")!.Value;
        var real = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)section.Offset + 8));
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan((int)section.Offset + 8), real - 10);
        using var file = ElfFile.FromImage(image, "liar");
        Assert.Contains("inflates past", Assert.Throws<ElfFormatException>(() => file.GetSectionData(file.Sections[section.Index])).Message);
    }

    [Fact]
    public void HugeProgramHeaderCount_IsLimited()
    {
        var image = Image();
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x38), 0xfff0);
        Assert.Contains("program header table", Assert.Throws<ElfFormatException>(() => ElfFile.FromImage(image, "phnum")).Message);
    }

    private static void TouchEverything(ElfFile file)
    {
        _ = file.BuildId;
        _ = file.DebugLink;
        file.GetSymbolTable()?.TryFindContaining(0x1139, out _);
        foreach (var section in file.Sections)
        {
            try
            {
                file.GetSectionData(section);
            }
            catch (ElfFormatException)
            {
            }
        }

        foreach (var segment in file.ProgramHeaders)
        {
            if (segment.Type == ElfSegmentType.Note)
            {
                try
                {
                    file.ReadNotes(segment);
                }
                catch (ElfFormatException)
                {
                }
            }
        }
    }
}
