using Backtrace.Dwarf.Cfi;
using Backtrace.Dwarf.Expressions;

namespace Backtrace.Dwarf.Tests;

/// <summary>Crafted call frame information that loops, nests, lies about lengths or points at itself.</summary>
public sealed class HostileCfiTests
{
    private const ulong Start = 0x1000;

    [Fact]
    public void WellFormedEntry_GivesTheExpectedRow()
    {
        // def_cfa rsp+8; offset r16 at cfa-8; advance 4; def_cfa_offset 16; offset rbp at cfa-16
        var (section, fde) = Parse([0x0c, 7, 8, 0x90, 1], [0x44, 0x0e, 16, 0x86, 2]);
        Assert.True(CfiInterpreter.TryComputeRow(section, fde, Start + 4, 1000, out var row, out var error), error);
        Assert.Equal(7, row.CfaRegister);
        Assert.Equal(16, row.CfaOffset);
        Assert.Equal(new CfiRule(CfiRuleKind.Offset, -16, 0), row.GetRule(6));
        Assert.True(CfiInterpreter.TryComputeRow(section, fde, Start + 3, 1000, out row, out _));
        Assert.Equal(8, row.CfaOffset);
    }

    [Fact]
    public void RememberStateNestedTooDeep_IsAnError()
    {
        var (section, fde) = Parse([0x0c, 7, 8], Enumerable.Repeat((byte)0x0a, 65).ToArray());
        Assert.False(CfiInterpreter.TryComputeRow(section, fde, Start, 100_000, out _, out var error));
        Assert.Contains("remember_state nests deeper", error);
    }

    [Fact]
    public void RestoreStateWithoutRemember_IsAnError()
    {
        var (section, fde) = Parse([0x0c, 7, 8], [0x0b]);
        Assert.False(CfiInterpreter.TryComputeRow(section, fde, Start, 100_000, out _, out var error));
        Assert.Contains("without a remembered state", error);
    }

    [Fact]
    public void EndlessInstructions_StopAtTheBudget()
    {
        var (section, fde) = Parse([0x0c, 7, 8], Enumerable.Repeat((byte)0x00, 50_000).ToArray());
        Assert.False(CfiInterpreter.TryComputeRow(section, fde, Start, 10_000, out _, out var error));
        Assert.Contains("more instructions than the limit", error);
    }

    [Fact]
    public void UnknownOpcode_IsNamed()
    {
        var (section, fde) = Parse([0x0c, 7, 8], [0x3f]);
        Assert.False(CfiInterpreter.TryComputeRow(section, fde, Start, 1000, out _, out var error));
        Assert.Contains("unknown opcode 0x3f", error);
    }

    [Fact]
    public void FdeWhoseCiePointerPointsAtItself_IsRejected()
    {
        var bytes = Build([0x0c, 7, 8], [0x00]);
        var fdeOffset = BitConverter.ToInt32(bytes, 0) + 4;

        // CIE pointer = distance from the pointer field back to the target: 0 makes it point at the FDE itself.
        BitConverter.GetBytes(0).CopyTo(bytes, fdeOffset + 4);
        var index = FdeIndex.Build(new CfiSection(bytes, 0, true, "cyclic"));
        Assert.Equal(0, index.Count);

        BitConverter.GetBytes(4).CopyTo(bytes, fdeOffset + 4);
        var section = new CfiSection(bytes, 0, true, "self");
        var error = Assert.Throws<Elf.ElfFormatException>(() => section.TryParseFde(fdeOffset, out _, out _));
        Assert.Contains("not a CIE", error.Message);
    }

    [Fact]
    public void LengthBeyondTheSection_IsReportedAndStopsTheScan()
    {
        var bytes = Build([0x0c, 7, 8], [0x00]);
        BitConverter.GetBytes(0x7fff_0000).CopyTo(bytes, 0);
        var index = FdeIndex.Build(new CfiSection(bytes, 0, true, "long"));
        Assert.Equal(0, index.Count);
        Assert.Contains("beyond the section", index.ScanProblem);
    }

    [Fact]
    public void ExpressionThatLoops_StopsAtTheStepLimit()
    {
        byte[] loop = [0x2f, 0xfd, 0xff]; // DW_OP_skip -3: jumps back to itself
        var context = new Registers();
        Assert.False(DwarfExpression.TryEvaluate(loop, ref context, null, 1000, out _, out var error));
        Assert.Contains("more than 1000 operations", error);
    }

    [Fact]
    public void PltExpression_ComputesTheCfaOfALazyBindingStub()
    {
        // breg7 8; breg16 0; lit15; and; lit11; ge; lit3; shl; plus — GCC's PLT CFA expression.
        byte[] plt = [0x77, 8, 0x80, 0, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22];
        var context = new Registers { Rsp = 0x7ffd_0000, Rip = 0x401020 + 12 };
        Assert.True(DwarfExpression.TryEvaluate(plt, ref context, null, 1000, out var cfa, out var error), error);
        Assert.Equal(0x7ffd_0000UL + 8 + 8, cfa);
        context.Rip = 0x401020 + 4;
        Assert.True(DwarfExpression.TryEvaluate(plt, ref context, null, 1000, out cfa, out _));
        Assert.Equal(0x7ffd_0000UL + 8, cfa);
    }

    [Fact]
    public void StackUnderflowAndOverflow_AreErrors()
    {
        var context = new Registers();
        Assert.False(DwarfExpression.TryEvaluate([0x22], ref context, null, 1000, out _, out var error));
        Assert.Contains("needs 2 stack entries", error);
        Assert.False(DwarfExpression.TryEvaluate(Enumerable.Repeat((byte)0x30, 100).ToArray(), ref context, null, 1000, out _, out error));
        Assert.Contains("stack exceeds", error);
        Assert.False(DwarfExpression.TryEvaluate([0x30, 0x30, 0x1b], ref context, null, 1000, out _, out error));
        Assert.Contains("divides by zero", error);
    }

    private static (CfiSection Section, FrameDescriptionEntry Fde) Parse(byte[] cieInstructions, byte[] fdeInstructions)
    {
        var section = new CfiSection(Build(cieInstructions, fdeInstructions), 0, true, "test");
        var index = FdeIndex.Build(section);
        Assert.True(index.TryFind(Start, out var fde), index.ScanProblem);
        return (section, fde);
    }

    /// <summary>One CIE (version 1, "zR", udata4 pointers, code align 1, data align -8, RA column 16) and one FDE for [0x1000, 0x1100).</summary>
    private static byte[] Build(byte[] cieInstructions, byte[] fdeInstructions)
    {
        var cie = new List<byte> { 0, 0, 0, 0, 1, (byte)'z', (byte)'R', 0, 1, 0x78, 16, 1, 0x03 };
        cie.AddRange(cieInstructions);
        Pad(cie);
        var fde = new List<byte>();
        fde.AddRange(BitConverter.GetBytes(cie.Count + 4 + 4));
        fde.AddRange(BitConverter.GetBytes((uint)Start));
        fde.AddRange(BitConverter.GetBytes(0x100u));
        fde.Add(0);
        fde.AddRange(fdeInstructions);
        Pad(fde);
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes(cie.Count));
        bytes.AddRange(cie);
        bytes.AddRange(BitConverter.GetBytes(fde.Count));
        bytes.AddRange(fde);
        bytes.AddRange(new byte[4]);
        return [.. bytes];
    }

    private static void Pad(List<byte> entry)
    {
        while ((entry.Count + 4) % 8 != 0)
        {
            entry.Add(0);
        }
    }

    private struct Registers : IExpressionContext
    {
        public ulong Rsp;
        public ulong Rip;

        public readonly bool TryGetRegister(int register, out ulong value)
        {
            value = register switch { 7 => Rsp, 16 => Rip, _ => 0 };
            return register is 7 or 16;
        }

        public readonly bool TryReadMemory(ulong address, scoped Span<byte> destination) => false;
    }
}
