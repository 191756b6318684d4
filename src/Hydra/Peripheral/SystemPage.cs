using System.Globalization;
using Backtrace.Hydra.Inspection;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The fault, the process, the host, how the capture went, and system and process statistics.</summary>
public static class SystemPage
{
    public static PeripheralPage Build(PeripheralContext context)
    {
        var snapshot = context.Snapshot;
        var lines = new List<PaneLine>();

        if (snapshot.Fault is { } fault)
        {
            lines.Add(PaneLine.Heading("fault"));
            Add(lines, "signal", $"{fault.SignalName ?? "signal"} ({fault.Signal})");
            Add(lines, "code", $"{fault.CodeName ?? "code"} ({fault.Code})");
            Add(lines, "address", fault.Address is { } a ? $"0x{a:x}" : null);
            Add(lines, "thread", fault.ThreadId?.ToString(CultureInfo.InvariantCulture));
            Add(lines, "sender pid", fault.SenderPid?.ToString(CultureInfo.InvariantCulture));
            Add(lines, "sender uid", fault.SenderUid?.ToString(CultureInfo.InvariantCulture));
        }

        if (snapshot.Error is { } error)
        {
            lines.Add(PaneLine.Heading("error"));
            Add(lines, "type", error.Type);
            Add(lines, "message", error.Message);
        }

        if (snapshot.Process is { } process)
        {
            lines.Add(PaneLine.Heading("process"));
            Add(lines, "pid", process.Pid.ToString(CultureInfo.InvariantCulture));
            Add(lines, "parent", process.ParentPid?.ToString(CultureInfo.InvariantCulture));
            Add(lines, "uid", process.Uid?.ToString(CultureInfo.InvariantCulture));
            Add(lines, "name", process.Name);
            Add(lines, "executable", process.Executable);
            Add(lines, "command", process.CommandLine.Count == 0 ? null : string.Join(' ', process.CommandLine));
            Add(lines, "state", process.State);
            Add(lines, "age", process.AgeSeconds is { } age ? $"{age:0.###} s" : null);
        }

        if (snapshot.Host is { } host)
        {
            lines.Add(PaneLine.Heading("host"));
            Add(lines, "hostname", host.Hostname);
            Add(lines, "os", host.Os);
            Add(lines, "kernel", host.Kernel);
            Add(lines, "build", host.KernelVersion);
            Add(lines, "arch", host.Architecture);
        }

        AddCapture(lines, snapshot);

        if (snapshot.Environment is { } environment)
        {
            AddSection(lines, "system", environment.System.Select(p => (p.Key, p.Value.ToString())));
            AddSection(lines, "process statistics", environment.Process.Select(p => (p.Key, p.Value.ToString())));
            AddSection(lines, "limits", environment.Limits.Select(p => (p.Key, p.Value)));
            AddSection(lines, "environment variables", environment.Variables.Select(p => (p.Key, p.Value)));
        }

        return new PeripheralPage("System", lines.Count == 0 ? [PaneLine.Note("no system information captured")] : lines);
    }

    private static void AddCapture(List<PaneLine> lines, Snapshot snapshot)
    {
        lines.Add(PaneLine.Heading("capture"));
        Add(lines, "time", snapshot.Timestamp.ToString("u", CultureInfo.InvariantCulture));
        Add(lines, "agent", snapshot.Agent is null ? null : $"{snapshot.Agent} {snapshot.AgentVersion}".TrimEnd());
        if (snapshot.Capture is not { } capture)
        {
            return;
        }

        Add(lines, "source", capture.Source);
        Add(lines, "stopped", capture.StopMicroseconds is { } stop ? $"{stop} us" : null);
        Add(lines, "duration", capture.DurationMicroseconds is { } duration ? $"{duration} us" : null);
        foreach (var warning in capture.Warnings)
        {
            lines.Add(new PaneLine(Names.Printable($"  warning: {warning}"), LineKind.Alert));
        }
    }

    private static void AddSection(List<PaneLine> lines, string heading, IEnumerable<(string Key, string Value)> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return;
        }

        lines.Add(PaneLine.Heading(heading));
        foreach (var (key, value) in sorted)
        {
            Add(lines, key, value);
        }
    }

    private static void Add(List<PaneLine> lines, string name, string? value)
    {
        if (value is not null)
        {
            lines.Add(PaneLine.Plain($"  {name}: {value}"));
        }
    }
}
