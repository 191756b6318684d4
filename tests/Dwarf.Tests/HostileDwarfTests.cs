using Backtrace.Elf;
using Backtrace.NativeTargets;

namespace Backtrace.Dwarf.Tests;

/// <summary>Corrupted DWARF sections: lookups fail or answer, never throw or hang.</summary>
public sealed class HostileDwarfTests
{
    [Theory]
    [InlineData(".debug_info")]
    [InlineData(".debug_line")]
    [InlineData(".debug_abbrev")]
    [InlineData(".debug_aranges")]
    [InlineData(".debug_rnglists")]
    public void CorruptedSection_NeverThrowsFromLookups(string sectionName)
    {
        var original = File.ReadAllBytes(NativeProgram.Build("stacks.c", "-O2", "-gdwarf-5"));
        using var pristine = ElfFile.FromImage((byte[])original.Clone(), "pristine");
        var section = pristine.FindSection(sectionName)!.Value;
        var text = pristine.FindSection(".text")!.Value;
        var random = new Random(sectionName.Length);
        var results = new List<SourceLocation>();
        for (var round = 0; round < 60; round++)
        {
            var image = (byte[])original.Clone();
            for (var i = 0; i < 8; i++)
            {
                image[(int)section.Offset + random.Next((int)section.Size)] = (byte)random.Next(256);
            }

            using var file = ElfFile.FromImage(image, "corrupt");
            var lookup = SourceLookup.Create(file)!;
            for (var address = text.Address; address < text.Address + text.Size; address += 61)
            {
                results.Clear();
                lookup.TryResolve(address, inlines: true, results);
            }
        }
    }
}
