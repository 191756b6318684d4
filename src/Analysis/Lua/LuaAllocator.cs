using System.Runtime.InteropServices;
using KeraLua;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// The allocator every sandboxed Lua state is created with (<c>lua_newstate</c>): it counts bytes and refuses
/// to grow past the limit, which Lua turns into a "not enough memory" error inside the script. This is the
/// only reliable cap: a hook cannot stop one huge <c>string.rep</c>. Its state lives in native memory
/// (<see cref="LuaAllocatorState"/>) so each call is a few arithmetic operations.
/// </summary>
internal static unsafe class LuaAllocator
{
    /// <summary>Kept in a static field: Lua holds the function pointer for the state's whole life.</summary>
    public static readonly LuaAlloc Function = Allocate;

    private static IntPtr Allocate(IntPtr ud, IntPtr ptr, UIntPtr osize, UIntPtr nsize)
    {
        var state = (LuaAllocatorState*)ud;
        // When ptr is null, osize encodes the kind of object being created, not a size.
        var oldSize = ptr == IntPtr.Zero ? 0L : (long)osize;
        var newSize = (long)nsize;
        if (newSize == 0)
        {
            NativeMemory.Free((void*)ptr);
            state->Used -= oldSize;
            return IntPtr.Zero;
        }

        var growth = newSize - oldSize;
        // Lua assumes shrinking never fails, so only growth is refused. Allocations made while the host
        // (C#) is in control always succeed: a refusal there would make Lua raise an error that unwinds
        // (longjmp) across managed frames. Those allocations are small and bounded by the API.
        if (growth > 0 && state->HostDepth == 0 && (state->Halted != 0 || state->Used + growth > state->Limit))
        {
            if (state->Halted == 0)
            {
                state->LimitHit = 1;
            }

            return IntPtr.Zero;
        }

        var result = NativeMemory.Realloc((void*)ptr, (nuint)newSize);
        if (result == null)
        {
            return IntPtr.Zero;
        }

        state->Used += growth;
        if (state->Used > state->Peak)
        {
            state->Peak = state->Used;
        }

        return (IntPtr)result;
    }
}
