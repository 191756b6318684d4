using Backtrace.Hydra.Inspection;
using Backtrace.Snapshots.Model;
using Iced.Intel;

namespace Backtrace.Hydra.Peripheral;

/// <summary>
/// Names branch targets and memory operands in the disassembly: a function start the snapshot's frames reveal
/// (pc minus function offset) by its name, any other address inside a module as <c>module+0xoffset</c>.
/// </summary>
internal sealed class SnapshotSymbolResolver : ISymbolResolver
{
    private readonly Dictionary<ulong, string> _functionStarts = [];
    private readonly AddressBook _addresses;

    public SnapshotSymbolResolver(Snapshot snapshot, AddressBook addresses)
    {
        _addresses = addresses;
        foreach (var frame in snapshot.Threads.SelectMany(thread => thread.Frames))
        {
            if (frame is { Function: { } function, FunctionOffset: { } offset, Inlined: false } && offset <= frame.Pc)
            {
                _functionStarts.TryAdd(frame.Pc - offset, Names.Printable(function));
            }
        }
    }

    public bool TryGetSymbol(in Instruction instruction, int operand, int instructionOperand, ulong address, int addressSize, out SymbolResult symbol)
    {
        if (_functionStarts.TryGetValue(address, out var function))
        {
            symbol = new SymbolResult(address, function);
            return true;
        }

        if (_addresses.ModuleAt(address) is { } module)
        {
            symbol = new SymbolResult(address, $"{Names.FileName(module.Path)}+0x{address - module.Base:x}");
            return true;
        }

        symbol = default;
        return false;
    }
}
