namespace Backtrace.Demangling;

/// <summary>
/// Expressions, as they appear in template arguments, array bounds and decltype: literals, template and function
/// parameters, calls, casts, sizeof, member access and the operators. Printed eagerly, in c++filt's style.
/// </summary>
internal sealed partial class DemangleParser
{
    private static readonly HashSet<string> UnaryOperators = ["ps", "ng", "ad", "de", "co", "nt", "pp", "mm"];

    private Node ParseExpression()
    {
        Enter();
        try
        {
            switch (Peek())
            {
                case 'L': return ParseExpressionPrimary();
                case 'T': return ParseTemplateParameter();
            }

            if (Consume("fp"))
            {
                ParseCvQualifiers();
                var number = Peek() == '_' ? 1 : ParseNumber() + 2;
                Expect('_');
                return Node.Named($"{{parm#{number}}}");
            }

            if (Consume("sr"))
            {
                if (Peek() == 'N')
                {
                    throw Fail("nested scope resolution expressions are not supported");
                }

                var scope = ParseType();
                Node name = ParseUnqualifiedName(scope);
                if (Peek() == 'I')
                {
                    name = new Node(NodeKind.Template, null, name, null, ParseTemplateArguments(false));
                }

                return new Node(NodeKind.Nested, null, scope, name);
            }

            if (Consume("st"))
            {
                return Node.Named("sizeof (" + Print(ParseType()) + ")");
            }

            if (Consume("sz"))
            {
                return Node.Named("sizeof (" + Print(ParseExpression()) + ")");
            }

            if (Consume("sZ"))
            {
                return Node.Named("sizeof...(" + Print(ParseTemplateParameter()) + ")");
            }

            if (Consume("sp"))
            {
                return new Node(NodeKind.PackExpansion, null, ParseExpression());
            }

            if (Consume("cl"))
            {
                var callee = Print(ParseExpression());
                var arguments = new List<string>();
                while (!Consume('E'))
                {
                    arguments.Add(Print(ParseExpression()));
                }

                return Node.Named(callee + "(" + string.Join(", ", arguments) + ")");
            }

            if (Consume("cv"))
            {
                var type = Print(ParseType());
                if (Consume('_'))
                {
                    var values = new List<string>();
                    while (!Consume('E'))
                    {
                        values.Add(Print(ParseExpression()));
                    }

                    return Node.Named("(" + type + ")(" + string.Join(", ", values) + ")");
                }

                return Node.Named("(" + type + ")" + Operand(ParseExpression()));
            }

            if (Consume("dt") || Consume("pt"))
            {
                var arrow = _text[_position - 2] == 'p';
                var target = Operand(ParseExpression());
                return Node.Named(target + (arrow ? "->" : ".") + Print(ParseExpression()));
            }

            if (_position + 2 <= _text.Length && Operators.TryGetValue(_text.Substring(_position, 2), out var symbol))
            {
                var code = _text.Substring(_position, 2);
                _position += 2;
                if (UnaryOperators.Contains(code))
                {
                    return Node.Named(symbol + Operand(ParseExpression()));
                }

                var left = Operand(ParseExpression());
                var right = Operand(ParseExpression());
                var text = left + symbol + right;

                // c++filt parenthesizes '>' so that it does not close a template argument list.
                return Node.Named(code is "gt" or "rs" ? "(" + text + ")" : text);
            }

            if (char.IsAsciiDigit(Peek()))
            {
                var name = ParseUnqualifiedName(null);
                return Peek() == 'I' ? new Node(NodeKind.Template, null, name, null, ParseTemplateArguments(false)) : name;
            }

            throw Fail("unsupported expression");
        }
        finally
        {
            _depth--;
        }
    }

    private static string Operand(Node node)
    {
        var text = Print(node);
        return node.Kind == NodeKind.Name && !text.Contains(' ') ? text : "(" + text + ")";
    }

    private Node ParseExpressionPrimary()
    {
        Expect('L');
        if (Consume("_Z"))
        {
            var encoding = ParseEncoding();
            Expect('E');
            return encoding;
        }

        if (Peek() == 'b' && Peek(1) is '0' or '1' && Peek(2) == 'E')
        {
            var value = Peek(1) == '1' ? "true" : "false";
            _position += 3;
            return Node.Named(value);
        }

        var typeCode = Peek();
        var type = ParseType();
        var negative = Consume('n');
        var start = _position;
        while (!AtEnd && Peek() != 'E')
        {
            _position++;
        }

        var digits = _text[start.._position];
        Expect('E');
        var number = (negative ? "-" : "") + digits;
        var suffix = typeCode switch
        {
            'i' => "",
            'j' => "u",
            'l' => "l",
            'm' => "ul",
            'x' => "ll",
            'y' => "ull",
            _ => null,
        };

        if (suffix is not null && type.Kind == NodeKind.Name && Builtins.ContainsKey(typeCode))
        {
            return Node.Named(number + suffix);
        }

        if (typeCode is 'f' or 'd' or 'e')
        {
            return Node.Named("(" + Print(type) + ")[" + digits + "]");
        }

        return Node.Named("(" + Print(type) + ")" + number);
    }
}
