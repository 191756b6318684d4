namespace Backtrace.Demangling;

/// <summary>Names: nested, unscoped, local and unqualified names, operators, constructors, lambdas, substitutions.</summary>
internal sealed partial class DemangleParser
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["nw"] = " new", ["na"] = " new[]", ["dl"] = " delete", ["da"] = " delete[]", ["ps"] = "+", ["ng"] = "-", ["ad"] = "&",
        ["de"] = "*", ["co"] = "~", ["pl"] = "+", ["mi"] = "-", ["ml"] = "*", ["dv"] = "/", ["rm"] = "%", ["an"] = "&",
        ["or"] = "|", ["eo"] = "^", ["aS"] = "=", ["pL"] = "+=", ["mI"] = "-=", ["mL"] = "*=", ["dV"] = "/=", ["rM"] = "%=",
        ["aN"] = "&=", ["oR"] = "|=", ["eO"] = "^=", ["ls"] = "<<", ["rs"] = ">>", ["lS"] = "<<=", ["rS"] = ">>=",
        ["eq"] = "==", ["ne"] = "!=", ["lt"] = "<", ["gt"] = ">", ["le"] = "<=", ["ge"] = ">=", ["ss"] = "<=>", ["nt"] = "!",
        ["aa"] = "&&", ["oo"] = "||", ["pp"] = "++", ["mm"] = "--", ["cm"] = ",", ["pm"] = "->*", ["pt"] = "->", ["cl"] = "()",
        ["ix"] = "[]", ["qu"] = "?", ["aw"] = " co_await",
    };

    private Node ParseName(bool isEncodingName, out string? qualifiers, out string? refQualifier)
    {
        Enter();
        try
        {
            qualifiers = null;
            refQualifier = null;
            switch (Peek())
            {
                case 'N':
                    return ParseNestedName(isEncodingName, out qualifiers, out refQualifier);
                case 'Z':
                    return ParseLocalName(isEncodingName, out qualifiers, out refQualifier);
                case 'S' when Peek(1) != 't':
                {
                    var substitution = ParseSubstitution();
                    if (Peek() != 'I')
                    {
                        throw Fail("a substitution used as a name must be a template");
                    }

                    return new Node(NodeKind.Template, null, substitution, null, ParseTemplateArguments(isEncodingName));
                }

                default:
                {
                    var name = ParseUnscopedName();
                    if (Peek() == 'I')
                    {
                        AddSubstitution(name);
                        return new Node(NodeKind.Template, null, name, null, ParseTemplateArguments(isEncodingName));
                    }

                    return name;
                }
            }
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseUnscopedName()
    {
        var std = Consume("St");
        var name = ParseUnqualifiedName(null);
        return std ? new Node(NodeKind.Nested, null, Node.Named("std"), name) : name;
    }

    private Node ParseNestedName(bool isEncodingName, out string? qualifiers, out string? refQualifier)
    {
        Expect('N');
        qualifiers = ParseCvQualifiers();
        refQualifier = Consume('R') ? " &" : Consume('O') ? " &&" : null;
        Node? soFar = null;
        var pushed = false;
        while (!Consume('E'))
        {
            if (AtEnd)
            {
                throw Fail("unterminated nested name");
            }

            if (Peek() == 'I')
            {
                if (soFar is null)
                {
                    throw Fail("template arguments without a template");
                }

                soFar = new Node(NodeKind.Template, null, soFar, null, ParseTemplateArguments(isEncodingName));
            }
            else if (Peek() == 'T')
            {
                soFar = Join(soFar, ParseTemplateParameter());
            }
            else if (Peek() == 'D' && Peek(1) is 't' or 'T')
            {
                soFar = Join(soFar, ParseDecltype());
            }
            else if (Peek() == 'S' && Peek(1) != 't' && soFar is null)
            {
                soFar = ParseSubstitution();
                continue;
            }
            else if (Consume("St"))
            {
                soFar = Node.Named("std");
                continue;
            }
            else
            {
                soFar = Join(soFar, ParseUnqualifiedName(soFar));
            }

            AddSubstitution(soFar);
            pushed = true;
        }

        if (soFar is null)
        {
            throw Fail("empty nested name");
        }

        // The whole name is not a prefix: it becomes a substitution only where it is used as a type.
        if (pushed)
        {
            _substitutions.RemoveAt(_substitutions.Count - 1);
        }

        return soFar;
    }

    private static Node Join(Node? prefix, Node name) => prefix is null ? name : new Node(NodeKind.Nested, null, prefix, name);

    private Node ParseLocalName(bool isEncodingName, out string? qualifiers, out string? refQualifier)
    {
        Expect('Z');
        var encoding = ParseEncoding();
        Expect('E');
        qualifiers = null;
        refQualifier = null;

        // c++filt prints the enclosing function of a local entity without its return type.
        if (encoding.Kind == NodeKind.Encoding && encoding.B is not null)
        {
            encoding = new Node(NodeKind.Encoding, encoding.Text, encoding.A, null, encoding.List) { Extra = encoding.Extra };
        }

        if (Consume('s'))
        {
            ParseDiscriminator();
            return new Node(NodeKind.Nested, null, encoding, Node.Named("string literal"));
        }

        if (Consume('d'))
        {
            // Default argument scope: Z <encoding> E d [<number>] _ <name>
            if (Peek() != '_')
            {
                ParseNumber();
            }

            Expect('_');
        }

        var entity = ParseName(isEncodingName, out qualifiers, out refQualifier);
        ParseDiscriminator();
        return new Node(NodeKind.Nested, null, encoding, entity);
    }

    private void ParseDiscriminator()
    {
        if (Peek() != '_')
        {
            return;
        }

        if (char.IsAsciiDigit(Peek(1)))
        {
            _position += 2;
        }
        else if (Peek(1) == '_')
        {
            _position += 2;
            ParseNumber();
            Expect('_');
        }
    }

    private Node ParseUnqualifiedName(Node? scope)
    {
        Node name;
        var c = Peek();
        if (char.IsAsciiDigit(c))
        {
            name = ParseSourceName();
        }
        else if (c == 'L')
        {
            // Internal-linkage entity (GCC): L <source-name> [<discriminator>]
            _position++;
            name = ParseSourceName();
            ParseDiscriminator();
        }
        else if (c == 'U')
        {
            name = ParseUnnamedType();
        }
        else if (c == 'C' || (c == 'D' && Peek(1) is '0' or '1' or '2' or '4' or '5'))
        {
            name = ParseCtorDtor(scope ?? throw Fail("constructor outside a class"));
        }
        else if (c == 'D' && Peek(1) == 'C')
        {
            _position += 2;
            var names = new List<Node>();
            while (!Consume('E'))
            {
                names.Add(ParseSourceName());
            }

            name = Node.Named("[" + string.Join(", ", names.Select(n => n.Text)) + "]");
        }
        else if (char.IsAsciiLetterLower(c))
        {
            name = ParseOperatorName();
        }
        else
        {
            throw Fail($"unexpected '{c}' in a name");
        }

        while (Consume('B'))
        {
            name = new Node(NodeKind.AbiTag, ParseSourceName().Text, name);
        }

        return name;
    }

    private Node ParseSourceName()
    {
        var length = ParseNumber();
        if (length <= 0 || _position + length > _text.Length)
        {
            throw Fail("source name runs past the end");
        }

        var identifier = _text.Substring(_position, (int)length);
        _position += (int)length;
        return Node.Named(identifier.StartsWith("_GLOBAL_", StringComparison.Ordinal) && identifier.Length > 9
            && identifier[8] is '.' or '_' or '$' && identifier[9] == 'N' ? "(anonymous namespace)" : identifier);
    }

    private Node ParseUnnamedType()
    {
        if (Consume("Ut"))
        {
            var number = Peek() == '_' ? 1 : ParseNumber() + 2;
            Expect('_');
            return Node.Named($"{{unnamed type#{number}}}");
        }

        if (Consume("Ul"))
        {
            _lambdaSignature++;
            var parameters = new List<Node>();
            try
            {
                if (!(Peek() == 'v' && Peek(1) == 'E' && Consume('v')))
                {
                    while (Peek() != 'E')
                    {
                        parameters.Add(ParseType());
                    }
                }
            }
            finally
            {
                _lambdaSignature--;
            }

            Expect('E');
            var number = Peek() == '_' ? 1 : ParseNumber() + 2;
            Expect('_');
            return new Node(NodeKind.Lambda, number.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, parameters);
        }

        throw Fail("unknown unnamed type");
    }

    private Node ParseCtorDtor(Node scope)
    {
        var destructor = ReadChar() == 'D';
        var kind = ReadChar();
        if (!destructor && kind == 'I')
        {
            // Inheriting constructor: CI1 <base class type>; c++filt names it after the base class.
            ReadChar();
            return new Node(NodeKind.CtorDtor, BaseName(ParseType()));
        }

        return new Node(NodeKind.CtorDtor, BaseName(scope)) { Flag = destructor };
    }

    private static string BaseName(Node node) => node.Kind switch
    {
        NodeKind.Nested => BaseName(node.B!),
        NodeKind.Template or NodeKind.AbiTag => BaseName(node.A!),
        NodeKind.Name => node.Extra ?? node.Text!,
        NodeKind.Lambda => "{lambda}",
        _ => throw new DemangleException("constructor of an unnamed scope"),
    };

    private Node ParseOperatorName()
    {
        if (Consume("cv"))
        {
            return new Node(NodeKind.Conversion, null, ParseType());
        }

        if (Consume("li"))
        {
            return Node.Named("operator\"\" " + ParseSourceName().Text);
        }

        if (Peek() == 'v' && char.IsAsciiDigit(Peek(1)))
        {
            _position += 2;
            return Node.Named("operator " + ParseSourceName().Text);
        }

        if (_position + 2 <= _text.Length && Operators.TryGetValue(_text.Substring(_position, 2), out var symbol))
        {
            _position += 2;
            return Node.Named("operator" + symbol);
        }

        throw Fail("unknown operator");
    }

    private Node ParseSubstitution()
    {
        Expect('S');
        var c = Peek();
        if (char.IsAsciiLetterLower(c))
        {
            _position++;

            // c++filt prints the standard abbreviations in full (it demangles with DMGL_VERBOSE).
            return c switch
            {
                'a' => new Node(NodeKind.Name, "std::allocator") { Extra = "allocator" },
                'b' => new Node(NodeKind.Name, "std::basic_string") { Extra = "basic_string" },
                's' => new Node(NodeKind.Name, "std::basic_string<char, std::char_traits<char>, std::allocator<char> >") { Extra = "basic_string" },
                'i' => new Node(NodeKind.Name, "std::basic_istream<char, std::char_traits<char> >") { Extra = "basic_istream" },
                'o' => new Node(NodeKind.Name, "std::basic_ostream<char, std::char_traits<char> >") { Extra = "basic_ostream" },
                'd' => new Node(NodeKind.Name, "std::basic_iostream<char, std::char_traits<char> >") { Extra = "basic_iostream" },
                _ => throw Fail($"unknown standard substitution S{c}"),
            };
        }

        var index = c == '_' ? 0 : ParseSequenceId() + 1;
        Expect('_');
        return index < _substitutions.Count ? _substitutions[(int)index] : throw Fail($"substitution {index} not defined");
    }
}
