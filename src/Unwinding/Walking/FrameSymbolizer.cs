using Backtrace.Demangling;
using Backtrace.Dwarf;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Registers;

namespace Backtrace.Unwinding.Walking;

/// <summary>Turns a pc into snapshot frames: module and offset, function, source line, and inlined callers (innermost first).</summary>
internal sealed class FrameSymbolizer(StackWalkOptions options)
{
    private readonly List<SourceLocation> _source = [];
    private readonly Dictionary<string, string> _demangled = new(StringComparer.Ordinal);

    /// <summary>
    /// Appends the frames of one physical frame. <paramref name="lookupPc"/> is the address looked up (pc - 1 for a return
    /// address, so the call's own line and inline context are found); <paramref name="pc"/> is what is reported.
    /// </summary>
    public void Append(List<SnapshotFrame> frames, ResolvedModule? module, ulong pc, ulong lookupPc, ulong? sp, FrameTrust? trust,
        in X64RegisterSet registers, bool recordRegisters)
    {
        var frame = new SnapshotFrame
        {
            Pc = pc,
            Sp = sp,
            Trust = trust,
            Registers = recordRegisters && options.RecordRegisters ? registers.ToDictionary() : null,
        };

        _source.Clear();
        if (module is not null)
        {
            frame.Module = module.Target.Path;
            frame.ModuleOffset = pc - module.LoadBias;
            if (module.Image is { } image)
            {
                var address = lookupPc - module.LoadBias;
                if (options.Symbols && image.TryFindSymbol(address, out var symbol))
                {
                    frame.Function = Demangle(symbol.Name);
                    frame.FunctionOffset = pc - module.LoadBias - symbol.Address;
                }

                if (options.SourceLines && image.Lines is { } lines)
                {
                    lines.TryResolve(address, options.InlineFrames, _source);
                }
            }
        }

        // Inlined levels come first and share the physical frame's pc; they carry no registers of their own.
        for (var i = 0; i < _source.Count - 1; i++)
        {
            var inlined = _source[i];
            frames.Add(new SnapshotFrame
            {
                Pc = pc,
                Sp = sp,
                Module = frame.Module,
                ModuleOffset = frame.ModuleOffset,
                Function = Demangle(inlined.Function),
                File = inlined.File,
                Line = inlined.Line > 0 ? inlined.Line : null,
                Column = inlined.Column > 0 ? inlined.Column : null,
                Inlined = true,
                Trust = trust,
            });
        }

        if (_source.Count > 0)
        {
            var outer = _source[^1];
            frame.Function ??= Demangle(outer.Function);
            frame.File = outer.File;
            frame.Line = outer.Line > 0 ? outer.Line : null;
            frame.Column = outer.Column > 0 ? outer.Column : null;
        }

        frames.Add(frame);
    }

    /// <summary>Demangles C++ names once per unwinder (stacks repeat the same functions many times).</summary>
    private string? Demangle(string? name)
    {
        if (name is null || !options.Demangle || !name.StartsWith("_Z", StringComparison.Ordinal))
        {
            return name;
        }

        if (!_demangled.TryGetValue(name, out var demangled))
        {
            demangled = ItaniumDemangler.Demangle(name);
            _demangled[name] = demangled;
        }

        return demangled;
    }
}
