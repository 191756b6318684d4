namespace Backtrace.Snapshots.Model;

/// <summary>The machine the process ran on.</summary>
public sealed class SnapshotHost
{
    public string? Hostname { get; set; }

    /// <summary>Operating system family: <c>linux</c>, <c>freebsd</c>, <c>illumos</c>, ...</summary>
    public string? Os { get; set; }

    /// <summary>Kernel release (<c>uname -r</c>).</summary>
    public string? Kernel { get; set; }

    /// <summary>Kernel build string (<c>uname -v</c>).</summary>
    public string? KernelVersion { get; set; }

    /// <summary>Machine architecture (<c>uname -m</c>), e.g. <c>x86_64</c>.</summary>
    public string? Architecture { get; set; }
}
