using System.Globalization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Deduplication;

/// <summary>
/// Fingerprint algorithm version 1 (docs/deduplication.md):
/// <list type="number">
/// <item>Take the faulting thread (or the first thread with frames).</item>
/// <item>When a signal trampoline is on the stack, start after the innermost one: the frames inside it are a signal handler's.</item>
/// <item>Describe each frame by its normalized function name, or without a symbol by module file name and offset
/// (<c>libfoo.so.1+0x1a2b</c>); frames with neither are skipped.</item>
/// <item>Drop <see cref="NoiseFrames"/>, then apply the project's rules in order; collapse direct recursion (a run of one name counts once).</item>
/// <item>Hash the first <see cref="FingerprintSettings.FrameCount"/> frames left. When none is left, fall back to
/// the unfiltered top frames, then to the error's type and normalized message, then to the signal and application.</item>
/// </list>
/// </summary>
public sealed class FingerprintAlgorithmV1 : IFingerprintAlgorithm
{
    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public FingerprintResult Compute(Snapshot snapshot, FingerprintSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.FrameCount, 1);
        var thread = snapshot.FaultingThread ?? snapshot.Threads.Find(t => t.Frames.Count > 0);
        var frames = thread is null ? [] : Describe(snapshot, thread.Frames);

        var signature = Meaningful(frames, settings);
        if (signature.Count > 0)
        {
            return Result(FingerprintBasis.Frames, signature);
        }

        signature = Unfiltered(frames, settings.FrameCount);
        if (signature.Count > 0)
        {
            return Result(FingerprintBasis.UnfilteredFrames, signature);
        }

        if (snapshot.Error is { } error && (!string.IsNullOrWhiteSpace(error.Type) || !string.IsNullOrWhiteSpace(error.Message)))
        {
            return Result(FingerprintBasis.Error,
                [$"type {error.Type?.Trim()}", $"message {ErrorMessageNormalizer.Normalize(error.Message ?? "")}"]);
        }

        return Result(FingerprintBasis.Signal,
            [$"signal {snapshot.Fault?.SignalName ?? snapshot.Fault?.Signal.ToString(CultureInfo.InvariantCulture) ?? "none"}",
             $"application {snapshot.Application}"]);
    }

    private FingerprintResult Result(FingerprintBasis basis, List<string> signature) =>
        new(Fingerprinter.Hash($"v{Version}\n{basis}", signature), Version, basis, signature);

    private static List<string> Meaningful(List<FrameName> frames, FingerprintSettings settings)
    {
        var signature = new List<string>(settings.FrameCount);
        var start = frames.FindIndex(f => NoiseFrames.SignalTrampolines.Contains(f.Name)) + 1;
        for (var i = start; i < frames.Count && signature.Count < settings.FrameCount; i++)
        {
            var (name, module) = frames[i];
            if (NoiseFrames.IsNoise(name))
            {
                continue;
            }

            var skip = false;
            var stop = false;
            foreach (var rule in settings.Rules)
            {
                switch (rule.Action)
                {
                    case FrameRuleAction.SkipFrame when rule.Pattern.IsMatch(name):
                    case FrameRuleAction.SkipModule when module is not null && rule.Pattern.IsMatch(module):
                        skip = true;
                        break;
                    case FrameRuleAction.Rename:
                        name = rule.Pattern.Replace(name, rule.Replacement!);
                        break;
                    case FrameRuleAction.StopAfter when rule.Pattern.IsMatch(name):
                        stop = true;
                        break;
                }

                if (skip)
                {
                    break;
                }
            }

            if (skip || name.Length == 0)
            {
                continue;
            }

            AddCollapsingRecursion(signature, name);
            if (stop)
            {
                break;
            }
        }

        return signature;
    }

    private static List<string> Unfiltered(List<FrameName> frames, int count)
    {
        var signature = new List<string>(count);
        for (var i = 0; i < frames.Count && signature.Count < count; i++)
        {
            AddCollapsingRecursion(signature, frames[i].Name);
        }

        return signature;
    }

    private static void AddCollapsingRecursion(List<string> signature, string name)
    {
        if (signature.Count == 0 || signature[^1] != name)
        {
            signature.Add(name);
        }
    }

    /// <summary>Names every frame that can be named; frames with neither a symbol nor a module are left out.</summary>
    private static List<FrameName> Describe(Snapshot snapshot, List<SnapshotFrame> frames)
    {
        var names = new List<FrameName>(frames.Count);
        foreach (var frame in frames)
        {
            var module = ModuleFileName(frame.Module);
            var function = string.IsNullOrWhiteSpace(frame.Function) ? "" : FunctionNameNormalizer.Normalize(frame.Function);
            if (function.Length > 0)
            {
                names.Add(new FrameName(function, module));
            }
            else if (module is not null && ModuleOffset(snapshot, frame) is { } offset)
            {
                names.Add(new FrameName($"{module}+0x{offset:x}", module));
            }
        }

        return names;
    }

    private static ulong? ModuleOffset(Snapshot snapshot, SnapshotFrame frame)
    {
        if (frame.ModuleOffset is { } offset)
        {
            return offset;
        }

        var module = snapshot.Modules.Find(m => m.Path == frame.Module);
        return module is not null && frame.Pc >= module.Base && (module.Size == 0 || frame.Pc - module.Base < module.Size)
            ? frame.Pc - module.Base
            : null;
    }

    /// <summary>The file name of a module path (<c>/lib/x86_64-linux-gnu/libc.so.6</c> → <c>libc.so.6</c>); null when empty.</summary>
    private static string? ModuleFileName(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var trimmed = path.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        return cut >= 0 ? trimmed[(cut + 1)..] : trimmed;
    }

    private readonly record struct FrameName(string Name, string? Module);
}
