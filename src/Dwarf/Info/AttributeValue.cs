namespace Backtrace.Dwarf.Info;

/// <summary>A raw attribute value: its form and either the number it holds or where its bytes are in <c>.debug_info</c>.</summary>
internal readonly record struct AttributeValue(ushort Form, ulong Value, int DataOffset)
{
    public bool IsPresent => Form != 0;
}
