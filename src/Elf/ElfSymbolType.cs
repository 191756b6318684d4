namespace Backtrace.Elf;

/// <summary>STT_* symbol types the reader keeps.</summary>
public enum ElfSymbolType : byte
{
    /// <summary>STT_NOTYPE: a label (e.g. glibc's <c>__restore_rt</c>).</summary>
    NoType = 0,

    /// <summary>STT_OBJECT: data.</summary>
    Object = 1,

    /// <summary>STT_FUNC: a function.</summary>
    Function = 2,

    /// <summary>STT_TLS: thread-local data.</summary>
    Tls = 6,

    /// <summary>STT_GNU_IFUNC: an indirect function (resolver).</summary>
    IndirectFunction = 10,
}
