using Backtrace.NativeTargets;

namespace Backtrace.Demangling.Tests;

/// <summary>The demangler against GNU c++filt over real symbols of C++ programs built at test time and of libstdc++.</summary>
public sealed class DemanglerTests
{
    [Theory]
    [InlineData("-O0 -g")]
    [InlineData("-O2 -g")]
    public void EverySymbolOfACppProgram_DemanglesExactlyAsCppFilt(string flags)
    {
        var program = NativeProgram.Build("cxx.cpp", flags.Split(' '));
        var names = MangledSymbols(ExternalTool.Check("nm", program));
        Assert.True(names.Count > 40, $"only {names.Count} mangled symbols in the test program");
        var mismatches = Compare(names);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {names.Count} differ from c++filt:\n{string.Join("\n", mismatches)}");
    }

    [Fact]
    public void LibstdcxxExports_DemangleAsCppFiltOrStayRaw()
    {
        var library = Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "libstdc++.so.6*").OrderBy(p => p.Length).First();
        var names = MangledSymbols(ExternalTool.Check("nm", "-D", "--defined-only", library));
        Assert.True(names.Count > 3000, $"only {names.Count} symbols in {library}");
        var mismatches = Compare(names);
        Assert.True(mismatches.Count * 200 <= names.Count, $"{mismatches.Count} of {names.Count} differ from c++filt:\n{string.Join("\n", mismatches.Take(40))}");
    }

    [Theory]
    [InlineData("main")]
    [InlineData("_Z")]
    [InlineData("_Zx")]
    [InlineData("_ZN3foo")]
    [InlineData("_Z1fIiEvT0_")]
    [InlineData("_ZS5_")]
    [InlineData("_Z9999999999abc")]
    public void NamesThatAreNotValidManglings_ComeBackUnchanged(string name)
    {
        Assert.False(ItaniumDemangler.TryDemangle(name, out var result));
        Assert.Equal(name, result);
        Assert.Equal(name, ItaniumDemangler.Demangle(name));
    }

    [Fact]
    public void HostileNesting_IsRefusedWithoutOverflowingTheStack()
    {
        var deep = "_Z1f" + new string('P', 100_000) + "i";
        Assert.Equal(deep, ItaniumDemangler.Demangle(deep));
        var templates = "_Z1f" + string.Concat(Enumerable.Repeat("N1aI", 5000)) + "i";
        Assert.Equal(templates, ItaniumDemangler.Demangle(templates));
    }

    [Fact]
    public void RandomBytesAfterThePrefix_NeverThrow()
    {
        var random = new Random(1234);
        const string alphabet = "_ZNSEIJTLXPRKVOFADMCUvbcilmdfS0123456789abcxyz.";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(2, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var name = "_Z" + new string(chars);
            ItaniumDemangler.Demangle(name);
        }
    }

    private static List<string> MangledSymbols(string nmOutput) =>
        nmOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[^1])
            .Select(name => name.Split('@')[0])
            .Where(name => name.StartsWith("_Z", StringComparison.Ordinal))
            .Distinct()
            .ToList();

    private static List<string> Compare(List<string> names)
    {
        var expected = ExternalTool.Check("sh", ["-c", "printf '%s\\n' \"$@\" | c++filt", "sh", .. names]).Split('\n');
        var mismatches = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var mine = ItaniumDemangler.Demangle(names[i]);
            if (mine != expected[i])
            {
                mismatches.Add($"{names[i]}\n  mine:     {mine}\n  c++filt:  {expected[i]}");
            }
        }

        return mismatches;
    }
}
