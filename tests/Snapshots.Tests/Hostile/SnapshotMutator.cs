using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// Breaks valid snapshot documents at random, reproducibly from a seed: values replaced by random JSON or by
/// another part of the same document (a frame where a thread belongs), entries removed or repeated, and
/// sometimes the bytes themselves flipped, cut or spliced.
/// </summary>
internal sealed class SnapshotMutator(int seed)
{
    private static readonly string[] Strings =
    [
        "", "x", "0x", "0x1", "0xffffffffffffffff", "0x10000000000000000", "0xZZ", "-0x1", "0x 1", "6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01",
        "00000000-0000-0000-0000-000000000000", "2026-11-25T12:00:00Z", "2026-13-45T99:00:00Z", "running", "cfi", "scan", "critical",
        "AAEC", "not base64!", "=", "\u0000", "\u001b[31m", "a\tb", "é", "\ud83d\ude00", "[stack]",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1.5", "-0.0", "1e400", "-1e400", "1e-400", "2147483648", "-2147483649", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "123456789012345678901234567890",
    ];

    private readonly Random _random = new(seed);

    /// <summary>A mutated copy of <paramref name="document"/>, as UTF-8 bytes.</summary>
    public byte[] Mutate(JsonNode document)
    {
        var copy = document.DeepClone();
        for (var n = _random.Next(1, 5); n > 0; n--)
        {
            copy = MutateOnce(copy);
        }

        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
        return _random.Next(4) == 0 ? MutateBytes(bytes) : bytes;
    }

    private JsonNode MutateOnce(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[_random.Next(nodes.Count)];
        var replacement = _random.Next(3) == 0 ? nodes[_random.Next(nodes.Count)].DeepClone() : RandomValue(depth: 0);
        if (target.Parent is null)
        {
            return replacement ?? root;
        }

        switch (target.Parent, _random.Next(4))
        {
            case (JsonArray array, 0):
                array.RemoveAt(array.IndexOf(target));
                break;
            case (JsonArray array, 1):
                array.Insert(array.IndexOf(target), target.DeepClone());
                break;
            case (JsonObject obj, 0):
                obj.Remove(target.GetPropertyName());
                break;
            case (JsonArray array, _):
                array[array.IndexOf(target)] = replacement;
                break;
            case (JsonObject obj, _):
                obj[target.GetPropertyName()] = replacement;
                break;
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, nodes);
                }

                break;
        }
    }

    private JsonNode? RandomValue(int depth) => _random.Next(depth < 3 ? 9 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonNode.Parse(Numbers[_random.Next(Numbers.Length)]),
        3 => JsonValue.Create(_random.Next(int.MinValue, int.MaxValue)),
        4 => JsonValue.Create(Strings[_random.Next(Strings.Length)]),
        5 => JsonValue.Create("0x" + _random.NextInt64().ToString("x", CultureInfo.InvariantCulture)),
        6 => JsonValue.Create(RandomText()),
        7 => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => RandomValue(depth + 1))]),
        _ => RandomObject(depth),
    };

    private JsonObject RandomObject(int depth)
    {
        string[] names = ["tid", "pc", "name", "frames", "registers", "bytes", "path", "base", "start", "level", "json", "rip", "k"];
        var obj = new JsonObject();
        for (var i = _random.Next(4); i > 0; i--)
        {
            obj[names[_random.Next(names.Length)]] = RandomValue(depth + 1);
        }

        return obj;
    }

    private string RandomText()
    {
        var text = new StringBuilder();
        for (var i = _random.Next(12); i > 0; i--)
        {
            var c = (char)_random.Next(0, 0x3000);
            text.Append(char.IsSurrogate(c) ? '?' : c);
        }

        return text.ToString();
    }

    private byte[] MutateBytes(byte[] bytes)
    {
        var at = _random.Next(bytes.Length);
        return _random.Next(4) switch
        {
            0 => [.. bytes[..at], (byte)_random.Next(256), .. bytes[(at + 1)..]],
            1 => [.. bytes[..at], (byte)_random.Next(256), .. bytes[at..]],
            2 => bytes[..at],
            _ => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + _random.Next(1, 16))..]],
        };
    }
}
