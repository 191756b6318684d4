using System.Text;

namespace Backtrace.Snapshots.Validation;

/// <summary>
/// Follows a forward-only <see cref="System.Text.Json.Utf8JsonReader"/> pass through a document and
/// can say, at any token, which JSON path it is at. Property names are kept as byte ranges of the
/// document and decoded only when a path is printed, so the common (valid) case allocates nothing.
/// </summary>
internal sealed class JsonPathTracker(int capacity)
{
    private readonly Level[] _levels = new Level[capacity];

    /// <summary>How many containers are open; 0 before the root value and after it closes.</summary>
    public int Depth { get; private set; }

    /// <summary>Call before every value (scalar or container start), so array indexes advance.</summary>
    public void BeforeValue()
    {
        if (Depth > 0 && _levels[Depth - 1].IsArray)
        {
            _levels[Depth - 1].Index++;
        }
    }

    /// <summary>A container starts; the caller has called <see cref="BeforeValue"/> already and checked the depth.</summary>
    public void Push(bool isArray) => _levels[Depth++] = new Level { IsArray = isArray, Index = -1, NameStart = -1 };

    public void Pop() => Depth--;

    /// <summary>The open object's current property is the unescaped name at <paramref name="start"/> in the document.</summary>
    public void SetName(int start, int length)
    {
        ref var level = ref _levels[Depth - 1];
        level.NameStart = start;
        level.NameLength = length;
        level.DecodedName = null;
    }

    /// <summary>The open object's current property has an escaped name, decoded by the caller.</summary>
    public void SetName(string decoded)
    {
        ref var level = ref _levels[Depth - 1];
        level.NameStart = -1;
        level.DecodedName = decoded;
    }

    /// <summary>Whether the current property of the container at <paramref name="depth"/> (0 = root) is <paramref name="name"/>.</summary>
    public bool NameIs(int depth, ReadOnlySpan<byte> document, ReadOnlySpan<byte> name)
    {
        var level = _levels[depth];
        return level.NameStart >= 0 && document.Slice(level.NameStart, level.NameLength).SequenceEqual(name);
    }

    public bool IsArrayAt(int depth) => _levels[depth].IsArray;

    /// <summary>The path of the current position: the open containers and their current property or index.</summary>
    public string ToString(ReadOnlySpan<byte> document, bool includeCurrentName = true)
    {
        var path = JsonPath.Root;
        for (var i = 0; i < Depth; i++)
        {
            var level = _levels[i];
            var last = i == Depth - 1;
            if (level.IsArray)
            {
                path = level.Index >= 0 ? JsonPath.Index(path, level.Index) : path;
            }
            else if (!last || includeCurrentName)
            {
                var name = level.DecodedName ??
                    (level.NameStart >= 0 ? Encoding.UTF8.GetString(document.Slice(level.NameStart, level.NameLength)) : null);
                path = name is null ? path : JsonPath.Property(path, name);
            }
        }

        return path;
    }

    private struct Level
    {
        public bool IsArray;
        public int Index;
        public int NameStart;
        public int NameLength;
        public string? DecodedName;
    }
}
