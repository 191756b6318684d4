using System.Globalization;

namespace Backtrace.Demangling;

/// <summary>Types, template arguments and template parameters.</summary>
internal sealed partial class DemangleParser
{
    private static readonly Dictionary<char, string> Builtins = new()
    {
        ['v'] = "void", ['w'] = "wchar_t", ['b'] = "bool", ['c'] = "char", ['a'] = "signed char", ['h'] = "unsigned char",
        ['s'] = "short", ['t'] = "unsigned short", ['i'] = "int", ['j'] = "unsigned int", ['l'] = "long", ['m'] = "unsigned long",
        ['x'] = "long long", ['y'] = "unsigned long long", ['n'] = "__int128", ['o'] = "unsigned __int128", ['f'] = "float",
        ['d'] = "double", ['e'] = "long double", ['g'] = "__float128", ['z'] = "...",
    };

    private static readonly Dictionary<char, string> DBuiltins = new()
    {
        ['d'] = "decimal64", ['e'] = "decimal128", ['f'] = "decimal32", ['h'] = "half", ['i'] = "char32_t", ['s'] = "char16_t",
        ['u'] = "char8_t", ['a'] = "auto", ['c'] = "decltype(auto)", ['n'] = "decltype(nullptr)",
    };

    private Node ParseType()
    {
        Enter();
        try
        {
            var c = Peek();
            if (Builtins.TryGetValue(c, out var builtin))
            {
                _position++;
                return Node.Named(builtin);
            }

            Node result;
            switch (c)
            {
                case 'r' or 'V' or 'K':
                {
                    var qualifiers = ParseCvQualifiers();
                    var inner = ParseType();
                    result = inner.Kind == NodeKind.Function
                        ? new Node(NodeKind.Function, (inner.Text ?? "") + qualifiers, inner.A, null, inner.List) { Extra = inner.Extra }
                        : new Node(NodeKind.Qualified, qualifiers, inner);
                    break;
                }

                case 'P': _position++; result = new Node(NodeKind.Pointer, null, ParseType()); break;
                case 'R': _position++; result = new Node(NodeKind.LValueReference, null, ParseType()); break;
                case 'O': _position++; result = new Node(NodeKind.RValueReference, null, ParseType()); break;
                case 'C': _position++; result = new Node(NodeKind.Postfix, " _Complex", ParseType()); break;
                case 'G': _position++; result = new Node(NodeKind.Postfix, " _Imaginary", ParseType()); break;
                case 'F': result = ParseFunctionType(); break;
                case 'A': result = ParseArrayType(); break;
                case 'M':
                {
                    _position++;
                    var owner = ParseType();
                    result = new Node(NodeKind.PointerToMember, null, owner, ParseType());
                    break;
                }

                case 'T':
                    result = ParseTemplateParameter();
                    if (Peek() == 'I')
                    {
                        AddSubstitution(result);
                        result = new Node(NodeKind.Template, null, result, null, ParseTemplateArguments(false));
                    }

                    break;
                case 'u':
                    _position++;
                    result = ParseSourceName();
                    break;
                case 'U':
                {
                    _position++;
                    var qualifier = ParseSourceName().Text;
                    result = new Node(NodeKind.Postfix, " " + qualifier, ParseType());
                    break;
                }

                case 'D':
                    if (DBuiltins.TryGetValue(Peek(1), out var special))
                    {
                        _position += 2;
                        return Node.Named(special);
                    }

                    result = ParseDType();
                    break;
                case 'S':
                    if (Peek(1) == 't')
                    {
                        result = ParseName(isEncodingName: false, out _, out _);
                        break;
                    }

                    var substitution = ParseSubstitution();
                    if (Peek() != 'I')
                    {
                        return substitution;
                    }

                    result = new Node(NodeKind.Template, null, substitution, null, ParseTemplateArguments(false));
                    break;
                case 'N' or 'Z' or (>= '0' and <= '9'):
                    result = ParseName(isEncodingName: false, out _, out _);
                    break;
                default:
                    throw Fail($"unexpected '{c}' in a type");
            }

            AddSubstitution(result);
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseDType()
    {
        switch (Peek(1))
        {
            case 'p':
                _position += 2;
                return new Node(NodeKind.PackExpansion, null, ParseType());
            case 't' or 'T':
                return ParseDecltype();
            case 'F':
            {
                _position += 2;
                var bits = ParseNumber();
                var extended = Consume('x');
                Expect('_');
                return Node.Named($"_Float{bits}{(extended ? "x" : "")}");
            }

            case 'v':
            {
                _position += 2;
                var count = ParseNumber();
                Expect('_');
                return new Node(NodeKind.Postfix, $" __vector({count})", ParseType());
            }

            case 'o' or 'O' or 'w' or 'x':
            {
                // Exception specifications and transaction safety precede a function type.
                var kind = Peek(1);
                _position += 2;
                if (kind == 'O')
                {
                    ParseExpression();
                    Expect('E');
                }
                else if (kind == 'w')
                {
                    while (!Consume('E'))
                    {
                        ParseType();
                    }
                }

                var function = ParseFunctionType();
                return new Node(NodeKind.Function, function.Text, function.A, null, function.List)
                {
                    Extra = function.Extra + (kind == 'o' ? " noexcept" : kind == 'x' ? " transaction_safe" : ""),
                };
            }

            default:
                throw Fail("unknown D type");
        }
    }

    private Node ParseFunctionType()
    {
        Expect('F');
        Consume('Y');
        var returnType = ParseType();
        var parameters = new List<Node>();
        string? refQualifier = null;
        if (Peek() == 'v' && Peek(1) == 'E')
        {
            _position++;
        }

        while (!Consume('E'))
        {
            if (Peek() is 'R' or 'O' && Peek(1) == 'E')
            {
                refQualifier = Peek() == 'R' ? " &" : " &&";
                _position++;
                continue;
            }

            if (AtEnd)
            {
                throw Fail("unterminated function type");
            }

            parameters.Add(ParseType());
        }

        return new Node(NodeKind.Function, null, returnType, null, parameters) { Extra = refQualifier };
    }

    private Node ParseArrayType()
    {
        Expect('A');
        string dimension;
        if (char.IsAsciiDigit(Peek()))
        {
            dimension = ParseNumber().ToString(CultureInfo.InvariantCulture);
        }
        else if (Peek() == '_')
        {
            dimension = "";
        }
        else
        {
            dimension = Print(ParseExpression());
        }

        Expect('_');
        return new Node(NodeKind.Array, dimension, ParseType());
    }

    private string? ParseCvQualifiers()
    {
        string? qualifiers = null;
        if (Consume('r'))
        {
            qualifiers += " restrict";
        }

        if (Consume('V'))
        {
            qualifiers += " volatile";
        }

        if (Consume('K'))
        {
            qualifiers += " const";
        }

        return qualifiers;
    }

    private Node ParseTemplateParameter()
    {
        Expect('T');
        var index = Peek() == '_' ? 0 : ParseNumber() + 1;
        Expect('_');
        if (_templateArguments is not null && index < _templateArguments.Count)
        {
            return _templateArguments[(int)index];
        }

        // Generic lambdas name their invented parameters auto:1, auto:2, ...
        return _lambdaSignature > 0 ? Node.Named($"auto:{index + 1}") : throw Fail($"template parameter {index} is not defined");
    }

    private List<Node> ParseTemplateArguments(bool isEncodingName)
    {
        Expect('I');
        var arguments = new List<Node>();
        while (!Consume('E'))
        {
            if (AtEnd)
            {
                throw Fail("unterminated template arguments");
            }

            arguments.Add(ParseTemplateArgument());
        }

        // Template parameters in the function's signature refer to the arguments of the name being encoded.
        if (isEncodingName)
        {
            _templateArguments = arguments;
        }

        return arguments;
    }

    private Node ParseTemplateArgument()
    {
        switch (Peek())
        {
            case 'X':
            {
                _position++;
                var expression = ParseExpression();
                Expect('E');
                return expression;
            }

            case 'L':
                return ParseExpressionPrimary();
            case 'J':
            {
                _position++;
                var pack = new List<Node>();
                while (!Consume('E'))
                {
                    if (AtEnd)
                    {
                        throw Fail("unterminated argument pack");
                    }

                    pack.Add(ParseTemplateArgument());
                }

                return new Node(NodeKind.ArgumentPack, null, null, null, pack);
            }

            default:
                return ParseType();
        }
    }

    private Node ParseDecltype()
    {
        Expect('D');
        ReadChar();
        var expression = ParseExpression();
        Expect('E');
        return Node.Named("decltype (" + Print(expression) + ")");
    }

    private static string Print(Node node) => new NodePrinter().Print(node);
}
