using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// One Lua 5.4 state running one module under <see cref="LuaLimits"/>. The state is created with a counting
/// allocator, gets only the safe standard libraries (the prelude removes io, os, package, require, load,
/// loadfile, dofile, debug, collectgarbage, string.dump and warn), and counts instructions with a hook that
/// the prelude installs from Lua, so a spent budget raises a Lua error from Lua code and never unwinds
/// across managed frames. C# callbacks never raise Lua errors: they return <c>nil, message</c>.
/// </summary>
internal sealed unsafe class LuaSandbox : IDisposable
{
    /// <summary>Instructions between two budget checks (the count hook's interval).</summary>
    public const int HookInterval = 1000;

    [ThreadStatic]
    private static LuaSandbox? t_current;

    private static readonly byte[] Prelude = LoadPrelude();

    private readonly LuaLimits _limits;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = new();
    private readonly LuaAllocatorState* _allocator;
    private KeraLua.Lua? _lua;
    private long _instructions;
    private string? _haltReason;
    private bool _disposed;

    public LuaSandbox(LuaLimits limits, LuaApiState api, CancellationToken cancellation)
    {
        _limits = limits;
        _cancellation = cancellation;
        Api = api;
        _allocator = (LuaAllocatorState*)NativeMemory.AllocZeroed((nuint)sizeof(LuaAllocatorState));
        _allocator->Limit = limits.MaxMemoryBytes;
    }

    /// <summary>The sandbox whose script is running on this thread; callbacks find their state here.</summary>
    public static LuaSandbox? Current => t_current;

    /// <summary>What the API reads and writes.</summary>
    public LuaApiState Api { get; }

    /// <summary>Loads the module, runs its top level (which registers handlers), then dispatches the events.</summary>
    public LuaModuleReport Run(LuaModule module)
    {
        var previous = t_current;
        t_current = this;
        _clock.Start();
        try
        {
            var error = Execute(module);
            if (error is not null && _allocator->LimitHit != 0 && _haltReason is null)
            {
                // The script failed on a refused allocation before any budget check ran: report the limit.
                Halt($"memory limit of {_limits.MaxMemoryBytes} bytes exceeded");
            }

            var outcome = _haltReason is not null ? LuaModuleOutcome.Stopped
                : error is not null ? LuaModuleOutcome.Failed
                : LuaModuleOutcome.Completed;
            return new LuaModuleReport
            {
                Module = module.Name,
                Outcome = outcome,
                Error = _haltReason ?? error,
                Instructions = _instructions,
                PeakMemoryBytes = _allocator->Peak,
                Elapsed = _clock.Elapsed,
                Log = Api.Log,
            };
        }
        finally
        {
            _clock.Stop();
            t_current = previous;
        }
    }

    /// <summary>Runs the module; returns the error text, or null on success.</summary>
    private string? Execute(LuaModule module)
    {
        if (module.Source.Length > _limits.MaxSourceBytes)
        {
            return $"the module is {module.Source.Length} bytes, larger than the {_limits.MaxSourceBytes}-byte limit";
        }

        EnterHost();
        try
        {
            _lua = new KeraLua.Lua(LuaAllocator.Function, (IntPtr)_allocator) { Encoding = Encoding.UTF8 };
            _lua.OpenLibs();
            LuaHost.PushFunctionTable(_lua);
            _lua.PushInteger(HookInterval);
            if (_lua.LoadBuffer(Prelude, "=prelude", "t") != LuaStatus.OK)
            {
                throw new InvalidOperationException("the Lua prelude does not compile: " + _lua.ToString(-1, false));
            }

            _lua.Insert(-3);
            if (_lua.PCall(2, 2, 0) != LuaStatus.OK)
            {
                throw new InvalidOperationException("the Lua prelude failed: " + _lua.ToString(-1, false));
            }
        }
        finally
        {
            ExitHost();
        }

        // Stack: 1 = message handler (adds a traceback), 2 = dispatch.
        var chunk = "@" + module.Name;
        var status = _lua.LoadBuffer(module.Source, chunk, "t");
        if (status == LuaStatus.OK)
        {
            status = _lua.PCall(0, 0, 1);
        }

        if (status == LuaStatus.OK)
        {
            _lua.PushCopy(2);
            status = _lua.PCall(0, 0, 1);
        }

        if (status == LuaStatus.OK)
        {
            return null;
        }

        return status switch
        {
            LuaStatus.ErrMem => "not enough memory",
            LuaStatus.ErrErr => "error in the error handler",
            _ => _lua.Type(-1) == LuaType.String ? _lua.ToString(-1, false) : $"error object of type {_lua.Type(-1)}",
        };
    }

    /// <summary>Called by the count hook every <see cref="HookInterval"/> instructions.</summary>
    public string? Tick()
    {
        _instructions += HookInterval;
        return CheckLimits();
    }

    /// <summary>Charges work done inside C functions (pattern matching) to the instruction budget.</summary>
    public string? Charge(long instructions)
    {
        _instructions += Math.Max(0, instructions);
        return CheckLimits();
    }

    /// <summary>The reason the run is being stopped, or null while it may go on.</summary>
    public string? CheckLimits()
    {
        if (_haltReason is not null)
        {
            return _haltReason;
        }

        if (_allocator->LimitHit != 0)
        {
            Halt($"memory limit of {_limits.MaxMemoryBytes} bytes exceeded");
        }
        else if (_instructions > _limits.MaxInstructions)
        {
            Halt($"instruction budget of {_limits.MaxInstructions} exceeded");
        }
        else if (_clock.Elapsed > _limits.WallClock)
        {
            Halt($"wall-clock limit of {_limits.WallClock.TotalMilliseconds:0} ms exceeded");
        }
        else if (_cancellation.IsCancellationRequested)
        {
            Halt("cancelled by the host");
        }

        return _haltReason;
    }

    /// <summary>Instructions left in the budget.</summary>
    public long RemainingInstructions => Math.Max(0, _limits.MaxInstructions - _instructions);

    /// <summary>Marks C# as running: allocations are never refused until <see cref="ExitHost"/>.</summary>
    public void EnterHost() => _allocator->HostDepth++;

    public void ExitHost() => _allocator->HostDepth--;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_lua is not null)
        {
            EnterHost();
            _lua.Close();
            _lua = null;
        }

        NativeMemory.Free(_allocator);
    }

    private void Halt(string reason)
    {
        _haltReason = reason;
        _allocator->Halted = 1;
    }

    private static byte[] LoadPrelude()
    {
        using var stream = typeof(LuaSandbox).Assembly.GetManifestResourceStream("Backtrace.Analysis.Lua.Prelude.lua")
            ?? throw new InvalidOperationException("the Lua prelude resource is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
