using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backtrace.Capture.Linux.Hook;

/// <summary>
/// What <c>hook install</c> saved for the crash handler: where snapshots go, what else to do with the
/// core, and the core_pattern it replaced (restored by <c>hook uninstall</c>, used for chaining).
/// </summary>
public sealed class HookConfiguration
{
    /// <summary>Default location; core_pattern is limited to 127 bytes, so the handler's command line names it only when it differs.</summary>
    public const string DefaultPath = "/etc/backtrace-agent/hook.json";

    /// <summary>The core_pattern that was in force before install.</summary>
    public string PreviousPattern { get; set; } = "core";

    /// <summary>The core_pattern install wrote (uninstall only restores when it is still the current one).</summary>
    public string InstalledPattern { get; set; } = "";

    /// <summary>Directory of the outbox the handler writes snapshots to.</summary>
    public string Outbox { get; set; } = Delivery.OutboxOptions.DefaultDirectory;

    public int OutboxMaxFiles { get; set; } = 200;

    public long OutboxMaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>When set, the whole core is also written here (<c>core.COMM.PID.TIME</c>).</summary>
    public string? KeepCoreDirectory { get; set; }

    /// <summary>Also hand the core to <see cref="PreviousPattern"/> (a pipe handler or a file pattern).</summary>
    public bool Chain { get; set; }

    /// <summary>Seconds after which the handler stops reading and writes what it has.</summary>
    public int SoftDeadlineSeconds { get; set; } = 20;

    /// <summary>Seconds after which the handler is killed (SIGALRM) whatever it is doing, so the crashing process is released.</summary>
    public int HardDeadlineSeconds { get; set; } = 30;

    /// <summary>Stack bytes kept per thread.</summary>
    public int StackBytesPerThread { get; set; } = 256 * 1024;

    /// <summary>
    /// Directory of the agent's cache of inflated debug sections and symbol indexes (see <see cref="Building.AgentCache"/>);
    /// null disables it. Crashes of the same library versions then skip decompression.
    /// </summary>
    public string? CacheDirectory { get; set; } = Building.AgentCache.DefaultDirectory;

    /// <summary>Most bytes the cache directory may hold.</summary>
    public long CacheMaxBytes { get; set; } = Building.AgentCache.DefaultMaxBytes;

    /// <summary>Extra environment-variable scrub patterns.</summary>
    public List<string> ScrubPatterns { get; set; } = [];

    /// <summary>Attributes added to every snapshot the handler makes.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    public void Validate()
    {
        if (!Outbox.StartsWith('/'))
        {
            throw new ArgumentException("the hook's outbox must be an absolute path (the handler runs with cwd /)");
        }

        if (KeepCoreDirectory is { } keep && !keep.StartsWith('/'))
        {
            throw new ArgumentException("--keep-core must be an absolute directory");
        }

        if (CacheDirectory is { } cache && !cache.StartsWith('/'))
        {
            throw new ArgumentException("--cache-dir must be an absolute directory");
        }

        if (CacheMaxBytes < 0)
        {
            throw new ArgumentException("--cache-max-bytes must not be negative");
        }

        if (SoftDeadlineSeconds < 1 || HardDeadlineSeconds <= SoftDeadlineSeconds || HardDeadlineSeconds > 3600)
        {
            throw new ArgumentException("deadlines must satisfy 1 <= soft < hard <= 3600 seconds");
        }
    }

    public static HookConfiguration Load(string path)
    {
        try
        {
            var configuration = JsonSerializer.Deserialize(File.ReadAllBytes(path), HookJsonContext.Default.HookConfiguration)
                ?? throw new CaptureException(CaptureFailure.InvalidInput, $"{path}: empty hook configuration");
            configuration.Validate();
            return configuration;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CaptureException(CaptureFailure.NotFound, $"{path}: no hook configuration (run `backtrace-agent hook install`)");
        }
        catch (JsonException e)
        {
            throw new CaptureException(CaptureFailure.InvalidInput, $"{path}: not a hook configuration: {e.Message}");
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, HookJsonContext.Default.HookConfiguration));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Source-generated JSON for the hook configuration (no reflection under NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(HookConfiguration))]
internal sealed partial class HookJsonContext : JsonSerializerContext;
