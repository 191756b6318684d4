namespace Backtrace.Demangling;

/// <summary>The kinds of nodes a demangled name is built from.</summary>
internal enum NodeKind
{
    /// <summary>Plain text: an identifier, builtin type, operator name or preformatted expression.</summary>
    Name,

    /// <summary><c>A::B</c>.</summary>
    Nested,

    /// <summary><c>A&lt;List&gt;</c>.</summary>
    Template,

    /// <summary><c>A[abi:Text]</c>.</summary>
    AbiTag,

    /// <summary>A constructor or destructor: Text is the class's base name, Flag true for a destructor.</summary>
    CtorDtor,

    /// <summary>A conversion operator to type A.</summary>
    Conversion,

    /// <summary>Text then A (<c>vtable for A</c>, ...).</summary>
    Special,

    /// <summary><c>construction vtable for A-in-B</c>.</summary>
    ConstructionVtable,

    /// <summary>A function encoding: name A, return type B (or null), parameters List, qualifiers Text, ref-qualifier Extra.</summary>
    Encoding,

    /// <summary>A lambda's closure type: parameters List, number Text.</summary>
    Lambda,

    /// <summary>A clone of A with suffix Text.</summary>
    Clone,

    /// <summary>Type A with cv-qualifiers Text (" const", " volatile", " restrict").</summary>
    Qualified,

    /// <summary>Pointer to A.</summary>
    Pointer,

    /// <summary>Lvalue reference to A.</summary>
    LValueReference,

    /// <summary>Rvalue reference to A.</summary>
    RValueReference,

    /// <summary>A function type: return A, parameters List, qualifiers Text, ref-qualifier Extra.</summary>
    Function,

    /// <summary>Array of A with dimension Text.</summary>
    Array,

    /// <summary>Pointer to member of class A with type B.</summary>
    PointerToMember,

    /// <summary>A pack expansion of pattern A.</summary>
    PackExpansion,

    /// <summary>A template argument pack: List.</summary>
    ArgumentPack,

    /// <summary>Type A followed by postfix Text (<c>_Complex</c>, vendor qualifiers, vector types).</summary>
    Postfix,
}
