namespace Backtrace.Hydra.Peripheral;

/// <summary>What the fourth (peripheral) pane shows; switched from the View menu.</summary>
public enum PeripheralKind
{
    Source,
    Disassembly,
    Registers,
    Annotations,
    Attributes,
    Classifiers,
    KernelStack,
    MemoryMap,
    System,
}
