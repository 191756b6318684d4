namespace Backtrace.Demangling;

/// <summary>
/// Recursive-descent parser of the Itanium C++ ABI mangling grammar (itanium-cxx-abi.github.io, "Mangling") into
/// <see cref="Node"/> trees: names and encodings here, types and expressions in the other parts of this class.
/// Substitutions and template parameters are resolved while parsing. Bounded in depth and size.
/// </summary>
internal sealed partial class DemangleParser
{
    private const int MaxDepth = 192;
    private const int MaxSubstitutions = 4096;

    private readonly string _text;
    private readonly List<Node> _substitutions = [];
    private List<Node>? _templateArguments;
    private int _position;
    private int _depth;
    private int _lambdaSignature;

    public DemangleParser(string text, int start)
    {
        _text = text;
        _position = start;
    }

    public bool AtEnd => _position >= _text.Length;

    private char Peek(int ahead = 0) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private bool Consume(char c)
    {
        if (Peek() != c)
        {
            return false;
        }

        _position++;
        return true;
    }

    private bool Consume(string s)
    {
        if (string.CompareOrdinal(_text, _position, s, 0, s.Length) != 0)
        {
            return false;
        }

        _position += s.Length;
        return true;
    }

    private void Expect(char c)
    {
        if (!Consume(c))
        {
            throw Fail($"expected '{c}'");
        }
    }

    private DemangleException Fail(string what) => new($"{what} at offset {_position}");

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Fail("nesting too deep");
        }
    }

    private void AddSubstitution(Node node)
    {
        if (_substitutions.Count >= MaxSubstitutions)
        {
            throw Fail("too many substitutions");
        }

        _substitutions.Add(node);
    }

    /// <summary>The whole mangled name after <c>_Z</c>, with GCC clone suffixes (<c>.isra.0</c>, <c>.cold</c>).</summary>
    public Node ParseMangledName()
    {
        var node = ParseEncoding();
        while (Peek() == '.' && (char.IsAsciiLetterLower(Peek(1)) || Peek(1) == '_' || char.IsAsciiDigit(Peek(1))))
        {
            var start = _position;
            _position++;
            while (char.IsAsciiLetterLower(Peek()) || Peek() == '_')
            {
                _position++;
            }

            while (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
            {
                _position++;
                while (char.IsAsciiDigit(Peek()))
                {
                    _position++;
                }
            }

            node = new Node(NodeKind.Clone, _text[start.._position], node);
        }

        return node;
    }

    private Node ParseEncoding()
    {
        Enter();
        try
        {
            if (Peek() is 'T' or 'G')
            {
                return ParseSpecialName();
            }

            var name = ParseName(isEncodingName: true, out var qualifiers, out var refQualifier);
            if (AtEnd || Peek() is 'E' or '.')
            {
                return name;
            }

            Node? returnType = null;
            if (IsTemplate(name) && !IsCtorDtorOrConversion(name))
            {
                returnType = ParseType();
            }

            var parameters = ParseParameters();
            return new Node(NodeKind.Encoding, qualifiers, name, returnType, parameters) { Extra = refQualifier };
        }
        finally
        {
            _depth--;
        }
    }

    private List<Node> ParseParameters()
    {
        var parameters = new List<Node>();
        if (Peek() == 'v' && (_position + 1 >= _text.Length || _text[_position + 1] is 'E' or '.'))
        {
            _position++;
            return parameters;
        }

        while (!AtEnd && Peek() is not ('E' or '.'))
        {
            parameters.Add(ParseType());
        }

        return parameters.Count > 0 ? parameters : throw Fail("function without parameter types");
    }

    private Node ParseSpecialName()
    {
        if (Consume("TV"))
        {
            return new Node(NodeKind.Special, "vtable for ", ParseType());
        }

        if (Consume("TT"))
        {
            return new Node(NodeKind.Special, "VTT for ", ParseType());
        }

        if (Consume("TI"))
        {
            return new Node(NodeKind.Special, "typeinfo for ", ParseType());
        }

        if (Consume("TS"))
        {
            return new Node(NodeKind.Special, "typeinfo name for ", ParseType());
        }

        if (Consume("TH"))
        {
            return new Node(NodeKind.Special, "TLS init function for ", ParseName(isEncodingName: false, out _, out _));
        }

        if (Consume("TW"))
        {
            return new Node(NodeKind.Special, "TLS wrapper function for ", ParseName(isEncodingName: false, out _, out _));
        }

        if (Consume("Th"))
        {
            ParseCallOffset('h');
            return new Node(NodeKind.Special, "non-virtual thunk to ", ParseEncoding());
        }

        if (Consume("Tv"))
        {
            ParseCallOffset('v');
            return new Node(NodeKind.Special, "virtual thunk to ", ParseEncoding());
        }

        if (Consume("Tc"))
        {
            ParseCallOffset(ReadChar());
            ParseCallOffset(ReadChar());
            return new Node(NodeKind.Special, "covariant return thunk to ", ParseEncoding());
        }

        if (Consume("TC"))
        {
            var derived = ParseType();
            ParseNumber();
            Expect('_');
            var basis = ParseType();
            return new Node(NodeKind.ConstructionVtable, null, basis, derived);
        }

        if (Consume("GV"))
        {
            return new Node(NodeKind.Special, "guard variable for ", ParseName(isEncodingName: false, out _, out _));
        }

        if (Consume("GR"))
        {
            var name = ParseName(isEncodingName: false, out _, out _);
            var number = 0L;
            if (Peek() != '_')
            {
                number = ParseSequenceId() + 1;
            }

            Expect('_');
            return new Node(NodeKind.Special, $"reference temporary #{number} for ", name);
        }

        if (Consume("GTt"))
        {
            return new Node(NodeKind.Special, "transaction clone for ", ParseEncoding());
        }

        throw Fail("unknown special name");
    }

    private char ReadChar() => AtEnd ? throw Fail("unexpected end") : _text[_position++];

    private void ParseCallOffset(char kind)
    {
        ParseNumber(allowNegative: true);
        if (kind == 'v')
        {
            Expect('_');
            ParseNumber(allowNegative: true);
        }
        else if (kind != 'h')
        {
            throw Fail("bad call offset");
        }

        Expect('_');
    }

    private long ParseNumber(bool allowNegative = false)
    {
        var negative = allowNegative && Consume('n');
        if (!char.IsAsciiDigit(Peek()))
        {
            throw Fail("expected a number");
        }

        long value = 0;
        while (char.IsAsciiDigit(Peek()))
        {
            value = (value * 10) + (_text[_position++] - '0');
            if (value > int.MaxValue)
            {
                throw Fail("number too large");
            }
        }

        return negative ? -value : value;
    }

    private long ParseSequenceId()
    {
        long value = 0;
        var any = false;
        while (char.IsAsciiDigit(Peek()) || char.IsAsciiLetterUpper(Peek()))
        {
            var c = _text[_position++];
            value = (value * 36) + (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10);
            any = true;
            if (value > int.MaxValue)
            {
                throw Fail("sequence id too large");
            }
        }

        return any ? value : throw Fail("expected a sequence id");
    }

    private static bool IsTemplate(Node name) => name.Kind switch
    {
        NodeKind.Template => true,
        NodeKind.Nested => IsTemplate(name.B!),
        NodeKind.AbiTag => IsTemplate(name.A!),
        NodeKind.Name when name.Flag => true,
        _ => false,
    };

    private static bool IsCtorDtorOrConversion(Node name) => name.Kind switch
    {
        NodeKind.CtorDtor or NodeKind.Conversion => true,
        NodeKind.Nested => IsCtorDtorOrConversion(name.B!),
        NodeKind.Template or NodeKind.AbiTag => IsCtorDtorOrConversion(name.A!),
        _ => false,
    };
}
