using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>A loaded object: the executable, a shared library, the vDSO.</summary>
public sealed class SnapshotModule
{
    public string Path { get; set; } = "";

    /// <summary>Load address (start of the lowest mapping of the module).</summary>
    [JsonConverter(typeof(HexUInt64Converter))]
    public ulong Base { get; set; }

    /// <summary>Bytes from <see cref="Base"/> to the end of the module's highest mapping.</summary>
    public ulong Size { get; set; }

    /// <summary>GNU build-id as lower-case hex, when the module has one.</summary>
    public string? BuildId { get; set; }

    /// <summary>Separate debug file that symbols and lines came from, if any.</summary>
    public string? DebugFile { get; set; }

    /// <summary>Build-id of the file now on disk, present only when it differs from <see cref="BuildId"/>
    /// (the binary was rebuilt or upgraded after the crash, so its symbols may be wrong).</summary>
    public string? DiskBuildId { get; set; }
}
