using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Modules;

/// <summary>A target module matched with its image on this machine: what the snapshot's module list reports.</summary>
public sealed class ResolvedModule
{
    internal ResolvedModule(TargetModule target, ModuleImage? image, ulong loadBias, string? problem)
    {
        Target = target;
        Image = image;
        LoadBias = loadBias;
        Problem = problem;
    }

    /// <summary>The module as the target described it.</summary>
    public TargetModule Target { get; }

    /// <summary>The image opened here, or null when none could be (see <see cref="Problem"/>).</summary>
    public ModuleImage? Image { get; }

    /// <summary>Target address minus file virtual address.</summary>
    public ulong LoadBias { get; }

    /// <summary>Why symbols or unwind tables of this module are missing or suspect, else null.</summary>
    public string? Problem { get; }

    /// <summary>
    /// The snapshot's view: path, extent, build-id (from the target, else from the file), debug file, and the
    /// build-id on disk when it differs from the target's.
    /// </summary>
    public SnapshotModule ToSnapshotModule()
    {
        var targetId = Target.BuildId is { Length: > 0 } id ? Convert.ToHexStringLower(id) : null;
        var diskId = Image?.BuildIdHex;
        return new SnapshotModule
        {
            Path = Target.Path,
            Base = Target.Start,
            Size = Target.End - Target.Start,
            BuildId = targetId ?? diskId,
            DebugFile = Image?.DebugFilePath,
            DiskBuildId = targetId is not null && diskId is not null && targetId != diskId ? diskId : null,
        };
    }
}
