using System.Globalization;
using Backtrace.Elf;
using Backtrace.NativeTargets;

namespace Backtrace.Dwarf.Tests;

/// <summary>Line tables and inline chains against addr2line on programs built with DWARF 4 and 5, plain and compressed.</summary>
public sealed class SourceLookupTests
{
    [Theory]
    [InlineData("-O0 -gdwarf-4")]
    [InlineData("-O2 -gdwarf-4")]
    [InlineData("-O2 -gdwarf-5")]
    [InlineData("-O2 -gdwarf-5 -gz")]
    [InlineData("-O1 -gdwarf-4 -gz=zlib-gnu")]
    public void EveryCodeAddress_HasTheLineAddr2lineGives(string flags)
    {
        var path = NativeProgram.Build("stacks.c", flags.Split(' '));
        using var file = ElfFile.Open(path);
        var lookup = SourceLookup.Create(file)!;
        var text = file.FindSection(".text")!.Value;
        var addresses = new List<ulong>();
        for (var address = text.Address; address < text.Address + text.Size; address += 3)
        {
            addresses.Add(address);
        }

        var expected = Addr2Line(path, addresses, inlines: false);
        var results = new List<SourceLocation>();
        var compared = 0;
        for (var i = 0; i < addresses.Count; i++)
        {
            var (function, position) = expected[i][0];
            if (position.StartsWith("??", StringComparison.Ordinal) || position.EndsWith(":0", StringComparison.Ordinal) || position.EndsWith(":?", StringComparison.Ordinal))
            {
                continue;
            }

            results.Clear();
            Assert.True(lookup.TryResolve(addresses[i], false, results), $"no line for 0x{addresses[i]:x} ({function} {position})");
            Assert.Equal(position, $"{results[0].File}:{results[0].Line}");
            compared++;
        }

        Assert.True(compared > 100, $"only {compared} addresses had lines");
    }

    [Fact]
    public void CompressedSections_ReadAheadOnAnotherThread_GiveTheSameLinesAndSurviveAnEarlyDispose()
    {
        // The first lookup inflates .debug_info itself while another thread inflates the other sections; closing the
        // file while that thread still works must neither crash it nor unmap a section under it.
        var path = NativeProgram.Build("stacks.c", "-O2", "-gdwarf-5", "-gz");
        ulong address;
        string expected;
        using (var reference = ElfFile.Open(path))
        {
            var main = reference.GetSymbolTable()!;
            Assert.True(main.TryFindByName("main", out var symbol));
            address = symbol.Value;
            var first = new List<SourceLocation>();
            Assert.True(SourceLookup.Create(reference)!.TryResolve(address, false, first));
            expected = $"{first[0].File}:{first[0].Line}";
            Assert.Equal(Addr2Line(path, [address], inlines: false)[0][0].Position, expected);
        }

        for (var round = 0; round < 50; round++)
        {
            var file = ElfFile.Open(path);
            var lookup = SourceLookup.Create(file)!;
            var results = new List<SourceLocation>();
            Assert.True(lookup.TryResolve(address, false, results));
            Assert.Equal(expected, $"{results[0].File}:{results[0].Line}");
            file.Dispose();
        }
    }

    [Theory]
    [InlineData("-O2 -gdwarf-4")]
    [InlineData("-O2 -gdwarf-5")]
    public void InlineChains_MatchAddr2lineInlines(string flags)
    {
        var path = NativeProgram.Build("stacks.c", flags.Split(' '));
        using var file = ElfFile.Open(path);
        var lookup = SourceLookup.Create(file)!;
        var outer = file.GetSymbolTable()!;
        Assert.True(outer.TryFindByName("inline_outer", out var symbol));
        var addresses = new List<ulong>();
        for (var address = symbol.Value; address < symbol.Value + symbol.Size; address++)
        {
            addresses.Add(address);
        }

        var expected = Addr2Line(path, addresses, inlines: true);
        var sawInline = false;
        var results = new List<SourceLocation>();
        for (var i = 0; i < addresses.Count; i++)
        {
            results.Clear();
            lookup.TryResolve(addresses[i], true, results);
            var mine = results.Select(r => (r.Function, $"{r.File}:{r.Line}")).ToList();
            var theirs = expected[i].Select(e => ((string?)e.Function, e.Position)).ToList();
            Assert.Equal(theirs, mine);
            sawInline |= results.Count == 3 && results[0].Inlined && results[1].Inlined && !results[2].Inlined;
        }

        Assert.True(sawInline, "no address of inline_outer showed the two inlined levels");
    }

    /// <summary>addr2line -f (-i) output per address: (function, file:line) entries, innermost first.</summary>
    private static List<List<(string Function, string Position)>> Addr2Line(string path, List<ulong> addresses, bool inlines)
    {
        var arguments = new List<string> { "-f", "-a", "-e", path };
        if (inlines)
        {
            arguments.Add("-i");
        }

        arguments.AddRange(addresses.Select(a => "0x" + a.ToString("x", CultureInfo.InvariantCulture)));
        var lines = ExternalTool.Check("addr2line", [.. arguments]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<List<(string, string)>>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("0x", StringComparison.Ordinal))
            {
                result.Add([]);
                continue;
            }

            var position = lines[++i];
            var discriminator = position.IndexOf(" (discriminator", StringComparison.Ordinal);
            result[^1].Add((lines[i - 1], discriminator > 0 ? position[..discriminator] : position));
        }

        return result;
    }
}
