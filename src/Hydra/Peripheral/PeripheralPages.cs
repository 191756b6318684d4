namespace Backtrace.Hydra.Peripheral;

/// <summary>Builds the page of each <see cref="PeripheralKind"/>.</summary>
public static class PeripheralPages
{
    /// <summary>The menu label of each kind (the underscore marks the menu hot key).</summary>
    public static string MenuLabel(PeripheralKind kind) => kind switch
    {
        PeripheralKind.Source => "_Source",
        PeripheralKind.Disassembly => "_Disassembly",
        PeripheralKind.Registers => "_Registers",
        PeripheralKind.Annotations => "A_nnotations",
        PeripheralKind.Attributes => "_Attributes",
        PeripheralKind.Classifiers => "_Classifiers",
        PeripheralKind.KernelStack => "_Kernel stack",
        PeripheralKind.MemoryMap => "_Memory map",
        PeripheralKind.System => "S_ystem statistics",
        _ => kind.ToString(),
    };

    /// <summary>Builds the page for <paramref name="kind"/> at the context's position.</summary>
    public static PeripheralPage Build(PeripheralKind kind, PeripheralContext context) => kind switch
    {
        PeripheralKind.Source => SourcePage.Build(context),
        PeripheralKind.Disassembly => DisassemblyPage.Build(context),
        PeripheralKind.Registers => RegistersPage.Build(context),
        PeripheralKind.Annotations => AnnotationsPage.Build(context),
        PeripheralKind.Attributes => AttributesPage.Build(context),
        PeripheralKind.Classifiers => ClassifiersPage.Build(context),
        PeripheralKind.KernelStack => KernelStackPage.Build(context),
        PeripheralKind.MemoryMap => MemoryMapPage.Build(context),
        PeripheralKind.System => SystemPage.Build(context),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
