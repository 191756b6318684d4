namespace Backtrace.Dwarf.Info;

/// <summary>DW_AT_* and DW_TAG_* codes the source lookups use.</summary>
internal static class DwarfAttribute
{
    public const ushort Name = 0x03, StmtList = 0x10, LowPc = 0x11, HighPc = 0x12, CompDir = 0x1b, AbstractOrigin = 0x31,
        Specification = 0x47, Ranges = 0x55, CallColumn = 0x57, CallFile = 0x58, CallLine = 0x59, LinkageName = 0x6e,
        StrOffsetsBase = 0x72, AddrBase = 0x73, RnglistsBase = 0x74, MipsLinkageName = 0x2007, GnuRangesBase = 0x2132,
        GnuAddrBase = 0x2133;

    public const ushort TagCompileUnit = 0x11, TagSubprogram = 0x2e, TagInlinedSubroutine = 0x1d, TagPartialUnit = 0x3c,
        TagSkeletonUnit = 0x4a;
}
