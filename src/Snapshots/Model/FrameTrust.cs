using System.Text.Json.Serialization;

namespace Backtrace.Snapshots.Model;

/// <summary>How a frame was found, from most to least reliable.</summary>
[JsonConverter(typeof(Json.FrameTrustConverter))]
public enum FrameTrust
{
    /// <summary>The thread's own register context (the innermost frame, or a signal frame's saved context).</summary>
    [JsonStringEnumMemberName("context")] Context,

    /// <summary>Call frame information (<c>.eh_frame</c> or <c>.debug_frame</c>).</summary>
    [JsonStringEnumMemberName("cfi")] Cfi,

    /// <summary>The frame-pointer chain (<c>rbp</c>).</summary>
    [JsonStringEnumMemberName("frame_pointer")] FramePointer,

    /// <summary>A heuristic scan of stack memory for plausible return addresses: treat with suspicion.</summary>
    [JsonStringEnumMemberName("scan")] Scan,

    /// <summary>Added by an analysis module, e.g. an interpreter's own stack.</summary>
    [JsonStringEnumMemberName("synthetic")] Synthetic,
}
