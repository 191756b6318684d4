using System.Text;

namespace Backtrace.Demangling;

/// <summary>
/// Prints a parsed name in GNU c++filt's style (<c>char const*</c>, <c>void (*)(int)</c>, <c>int (&amp;) [3]</c>,
/// <c>&gt; &gt;</c>). Declarator types print in two halves around what they declare, as C++ does.
/// </summary>
internal sealed class NodePrinter
{
    private readonly StringBuilder _out = new();
    private int _packIndex = -1;

    // libiberty removes the ", " before an empty pack by shortening its buffer but still sees ' ' as the last
    // character, so it writes "<a, b<c>>" where it would otherwise write "> >". This reproduces that.
    private int _phantomSpaceAt = -1;

    public string Print(Node node)
    {
        _out.Clear();
        Write(node);
        return _out.ToString();
    }

    private void Write(Node node)
    {
        Left(node);
        Right(node);
    }

    private void Left(Node node)
    {
        switch (node.Kind)
        {
            case NodeKind.Name:
                _out.Append(node.Text);
                break;
            case NodeKind.Nested:
                Write(node.A!);
                _out.Append("::");
                Write(node.B!);
                break;
            case NodeKind.Template:
                Write(node.A!);
                if (EndsWith('<'))
                {
                    _out.Append(' ');
                }

                _out.Append('<');
                WriteList(node.List!);
                if (EndsWith('>'))
                {
                    _out.Append(' ');
                }

                _out.Append('>');
                break;
            case NodeKind.AbiTag:
                Write(node.A!);
                _out.Append("[abi:").Append(node.Text).Append(']');
                break;
            case NodeKind.CtorDtor:
                _out.Append(node.Flag ? "~" : "").Append(node.Text);
                break;
            case NodeKind.Conversion:
                _out.Append("operator ");
                Write(node.A!);
                break;
            case NodeKind.Special:
                _out.Append(node.Text);
                Write(node.A!);
                break;
            case NodeKind.ConstructionVtable:
                _out.Append("construction vtable for ");
                Write(node.A!);
                _out.Append("-in-");
                Write(node.B!);
                break;
            case NodeKind.Encoding:
                if (node.B is { } returnType)
                {
                    Left(returnType);
                    if (!OpensDeclarator(returnType))
                    {
                        _out.Append(' ');
                    }
                }

                Write(node.A!);
                _out.Append('(');
                WriteList(node.List!);
                _out.Append(')').Append(node.Text).Append(node.Extra);
                if (node.B is { } returned)
                {
                    Right(returned);
                }

                break;
            case NodeKind.Lambda:
                _out.Append("{lambda(");
                WriteList(node.List!);
                _out.Append(")#").Append(node.Text).Append('}');
                break;
            case NodeKind.Clone:
                Write(node.A!);
                _out.Append(" [clone ").Append(node.Text).Append(']');
                break;
            case NodeKind.Qualified or NodeKind.Postfix:
                Left(node.A!);
                _out.Append(node.Text);
                break;
            case NodeKind.Pointer or NodeKind.LValueReference or NodeKind.RValueReference:
            {
                var (kind, target) = node.Kind == NodeKind.Pointer ? (NodeKind.Pointer, Resolve(node.A!)) : Collapse(node);
                Left(target);
                if (IsDeclaratorGroup(target))
                {
                    _out.Append(target.Kind == NodeKind.Array ? " (" : "(");
                }

                _out.Append(kind == NodeKind.Pointer ? "*" : kind == NodeKind.LValueReference ? "&" : "&&");
                break;
            }
            case NodeKind.Function:
                Left(node.A!);
                if (!OpensDeclarator(node.A!))
                {
                    _out.Append(' ');
                }

                break;
            case NodeKind.Array:
                Left(node.A!);
                break;
            case NodeKind.PointerToMember:
                Left(node.B!);
                _out.Append(node.B!.Kind == NodeKind.Function ? "(" : " ");
                Write(node.A!);
                _out.Append("::*");
                break;
            case NodeKind.PackExpansion:
                WritePackExpansion(node.A!);
                break;
            case NodeKind.ArgumentPack:
                if (_packIndex >= 0 && _packIndex < node.List!.Count)
                {
                    Write(node.List[_packIndex]);
                }
                else
                {
                    WriteList(node.List!);
                }

                break;
        }
    }

    private void Right(Node node)
    {
        switch (node.Kind)
        {
            case NodeKind.Pointer or NodeKind.LValueReference or NodeKind.RValueReference:
            {
                var target = node.Kind == NodeKind.Pointer ? Resolve(node.A!) : Collapse(node).Target;
                if (IsDeclaratorGroup(target))
                {
                    _out.Append(')');
                }

                Right(target);
                break;
            }
            case NodeKind.Function:
                _out.Append('(');
                WriteList(node.List!);
                _out.Append(')').Append(node.Text).Append(node.Extra);
                Right(node.A!);
                break;
            case NodeKind.Array:
                if (!EndsWith(']'))
                {
                    _out.Append(' ');
                }

                _out.Append('[').Append(node.Text).Append(']');
                Right(node.A!);
                break;
            case NodeKind.PointerToMember:
                if (node.B!.Kind == NodeKind.Function)
                {
                    _out.Append(')');
                }

                Right(node.B!);
                break;
            case NodeKind.Qualified or NodeKind.Postfix:
                Right(node.A!);
                break;
        }
    }

    /// <summary>Writes items separated by ", ", expanding packs and skipping empty ones.</summary>
    private void WriteList(List<Node> items)
    {
        var first = true;
        foreach (var item in items)
        {
            var mark = _out.Length;
            if (!first)
            {
                _out.Append(", ");
            }

            var start = _out.Length;
            Write(item);
            if (_out.Length == start)
            {
                _out.Length = mark;
                if (!first)
                {
                    _phantomSpaceAt = mark;
                }

                continue;
            }

            first = false;
        }
    }

    private void WritePackExpansion(Node pattern)
    {
        if (FindPack(pattern) is not { } pack)
        {
            Write(pattern);
            _out.Append("...");
            return;
        }

        var saved = _packIndex;
        for (var i = 0; i < pack.List!.Count; i++)
        {
            if (i > 0)
            {
                _out.Append(", ");
            }

            _packIndex = i;
            Write(pattern);
        }

        _packIndex = saved;
    }

    private static Node? FindPack(Node node) => node.Kind switch
    {
        NodeKind.ArgumentPack => node,
        NodeKind.Qualified or NodeKind.Pointer or NodeKind.LValueReference or NodeKind.RValueReference or NodeKind.Postfix
            or NodeKind.Array => FindPack(node.A!),
        NodeKind.Template => node.List!.Select(FindPack).FirstOrDefault(p => p is not null) ?? FindPack(node.A!),
        NodeKind.Nested => FindPack(node.A!) ?? FindPack(node.B!),
        NodeKind.Function => FindPack(node.A!) ?? node.List!.Select(FindPack).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>Functions and arrays need their declarator parenthesized: <c>void (*)(int)</c>, <c>int (&amp;) [3]</c>.</summary>
    private static bool IsDeclaratorGroup(Node node) => node.Kind is NodeKind.Function or NodeKind.Array;

    /// <summary>True when printing the left half of <paramref name="node"/> ends inside an open declarator, e.g. <c>int (*</c>.</summary>
    private static bool OpensDeclarator(Node node) => node.Kind switch
    {
        NodeKind.Pointer or NodeKind.LValueReference or NodeKind.RValueReference => IsDeclaratorGroup(node.A!) || OpensDeclarator(node.A!),
        NodeKind.Qualified => OpensDeclarator(node.A!),
        NodeKind.PointerToMember => node.B!.Kind == NodeKind.Function,
        _ => false,
    };

    private bool EndsWith(char c) =>
        _phantomSpaceAt == _out.Length ? c == ' ' : _out.Length > 0 && _out[^1] == c;

    /// <summary>The node a pack stands for at the current expansion index.</summary>
    private Node Resolve(Node node) =>
        node.Kind == NodeKind.ArgumentPack && _packIndex >= 0 && _packIndex < node.List!.Count ? node.List[_packIndex] : node;

    /// <summary>Applies reference collapsing (<c>T&amp; &amp;&amp;</c> is <c>T&amp;</c>): the kind that prints and the referenced type.</summary>
    private (NodeKind Kind, Node Target) Collapse(Node reference)
    {
        var kind = reference.Kind;
        var target = Resolve(reference.A!);
        while (target.Kind is NodeKind.LValueReference or NodeKind.RValueReference)
        {
            if (target.Kind == NodeKind.LValueReference)
            {
                kind = NodeKind.LValueReference;
            }

            target = Resolve(target.A!);
        }

        return (kind, target);
    }
}
