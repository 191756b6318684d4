namespace Backtrace.Demangling;

/// <summary>One node of a parsed mangled name; which fields mean what depends on <see cref="Kind"/>.</summary>
internal sealed class Node
{
    public Node(NodeKind kind, string? text = null, Node? a = null, Node? b = null, List<Node>? list = null)
    {
        Kind = kind;
        Text = text;
        A = a;
        B = b;
        List = list;
    }

    public NodeKind Kind { get; }

    public string? Text { get; init; }

    public Node? A { get; }

    public Node? B { get; }

    public List<Node>? List { get; }

    public string? Extra { get; init; }

    public bool Flag { get; init; }

    public static Node Named(string text) => new(NodeKind.Name, text);
}
