using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// Finds the in-flight exception of libstdc++/libsupc++ on x86-64 and reads its type name. The thrown object
/// is preceded by <c>__cxa_refcounted_exception</c> (128 bytes); its last 32 bytes are the
/// <c>_Unwind_Exception</c> header whose first word is the class <c>"GNUCC++\0"</c> (or <c>...\x01</c> for a
/// dependent exception), and <c>exceptionType</c> sits 112 bytes before the object. A pointer to the header
/// or the object survives in callee-saved registers and stack slots of <c>__cxa_throw</c>'s frames.
/// </summary>
internal static class CxaException
{
    private const ulong GnuCxxClass = 0x474e5543432b2b00; // "GNUCC++\0" read as a big-endian-looking u64
    private const ulong HeaderToObject = 32;
    private const ulong TypeInfoBeforeObject = 112;
    private const int MaxCandidates = 256;
    private const int MaxTypeNameBytes = 512;
    private const int MaxMessageBytes = 1024;
    private const int MaxBaseDepth = 8;

    private static readonly string[] CalleeSaved = ["rbx", "rbp", "r12", "r13", "r14", "r15"];

    /// <summary>Type names whose object keeps its what() text as a pointer right after the vtable (libstdc++'s __cow_string).</summary>
    private static readonly HashSet<string> MessageCarriers =
    [
        "St13runtime_error", "St11logic_error", "St12out_of_range", "St16invalid_argument", "St12length_error",
        "St12domain_error", "St11range_error", "St14overflow_error", "St15underflow_error",
    ];

    public readonly record struct Found(string Type, string? Message);

    public static Found? Find(AnalysisContext context, SnapshotThread thread, int throwerFrame)
    {
        foreach (var candidate in Candidates(context, thread, throwerFrame))
        {
            if (ObjectFrom(context, candidate) is { } obj && Describe(context, obj) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<ulong> Candidates(AnalysisContext context, SnapshotThread thread, int throwerFrame)
    {
        var seen = new HashSet<ulong>();
        var values = new List<ulong>();
        foreach (var register in CalleeSaved.Concat(["rdi", "rsi", "rax", "rdx"]))
        {
            if (thread.Registers.TryGetValue(register, out var v))
            {
                values.Add(v);
            }
        }

        for (var i = 0; i <= Math.Min(throwerFrame + 1, thread.Frames.Count - 1); i++)
        {
            if (thread.Frames[i].Registers is { } registers)
            {
                values.AddRange(CalleeSaved.Where(registers.ContainsKey).Select(r => registers[r]));
            }
        }

        // Stack slots from the stack pointer up to the thrower's caller.
        if (thread.Registers.TryGetValue("rsp", out var rsp))
        {
            var top = throwerFrame + 1 < thread.Frames.Count && thread.Frames[throwerFrame + 1].Sp is { } sp ? sp : rsp + 4096;
            for (var at = rsp; at < top && at - rsp < 16 * 1024; at += 8)
            {
                if (context.Memory.Captured.Find(at) is null)
                {
                    break;
                }

                context.Memory.TryReadUInt64(at, out var word);
                values.Add(word);
            }
        }

        foreach (var value in values)
        {
            if (value >= 65536 && value % 8 == 0 && seen.Add(value) && context.Space.Find(value) is { } m && Memory.AddressSpace.Allows(m, 'w'))
            {
                yield return value;
                if (seen.Count >= MaxCandidates)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>The thrown object's address if <paramref name="value"/> points at its unwind header or at the object itself.</summary>
    private static ulong? ObjectFrom(AnalysisContext context, ulong value)
    {
        if (IsHeader(context, value))
        {
            return value + HeaderToObject;
        }

        return value >= HeaderToObject && IsHeader(context, value - HeaderToObject) ? value : null;
    }

    private static bool IsHeader(AnalysisContext context, ulong address) =>
        context.Memory.TryReadUInt64(address, out var cls, "analysis:exception") && (cls == GnuCxxClass || cls == (GnuCxxClass | 1));

    private static Found? Describe(AnalysisContext context, ulong obj)
    {
        if (!context.Memory.TryReadUInt64(obj - TypeInfoBeforeObject, out var typeInfo, "analysis:exception") ||
            TypeName(context, typeInfo) is not { } mangled)
        {
            return null;
        }

        return new Found(ItaniumTypeName.Demangle(mangled), Message(context, obj, typeInfo, mangled));
    }

    /// <summary>std::type_info is { vtable*, const char* name }; a leading '*' marks a type local to its object file.</summary>
    private static string? TypeName(AnalysisContext context, ulong typeInfo)
    {
        if (!context.Memory.TryReadUInt64(typeInfo + 8, out var namePointer, "analysis:exception"))
        {
            return null;
        }

        var name = context.Memory.ReadCString(namePointer, MaxTypeNameBytes, "analysis:exception")?.TrimStart('*');
        return name is not null && ItaniumTypeName.LooksMangled(name) ? name : null;
    }

    /// <summary>
    /// The what() text of a standard exception, or of a class derived from one by single inheritance:
    /// <c>__si_class_type_info</c> keeps the base's type_info right after the name.
    /// </summary>
    private static string? Message(AnalysisContext context, ulong obj, ulong typeInfo, string mangled)
    {
        for (var depth = 0; depth < MaxBaseDepth; depth++)
        {
            if (MessageCarriers.Contains(mangled))
            {
                return context.Memory.TryReadUInt64(obj + 8, out var text, "analysis:exception")
                    ? context.Memory.ReadCString(text, MaxMessageBytes, "analysis:exception")
                    : null;
            }

            if (!context.Memory.TryReadUInt64(typeInfo + 16, out var baseInfo, "analysis:exception") ||
                TypeName(context, baseInfo) is not { } baseName)
            {
                return null;
            }

            typeInfo = baseInfo;
            mangled = baseName;
        }

        return null;
    }
}
