namespace Backtrace.Dwarf.Info;

/// <summary>One abbreviation declaration: the tag, whether children follow, and the (attribute, form, implicit constant) list.</summary>
internal sealed record Abbreviation(ushort Tag, bool HasChildren, AttributeSpec[] Attributes);

/// <summary>An attribute of an abbreviation.</summary>
internal readonly record struct AttributeSpec(ushort Attribute, ushort Form, long ImplicitConstant);
