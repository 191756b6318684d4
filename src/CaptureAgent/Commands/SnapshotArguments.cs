using System.CommandLine;
using Backtrace.Analysis.Lua;
using Backtrace.Capture;
using Backtrace.Capture.Building;
using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Unwinding.Modules;

namespace Backtrace.CaptureAgent.Commands;

/// <summary>Options shared by every command that makes a snapshot: metadata, memory bounds, symbols.</summary>
internal sealed class SnapshotArguments
{
    public const string DefaultsFile = "/etc/backtrace-agent/attributes.conf";

    /// <summary>Lua analysis modules loaded by default, when the directory exists.</summary>
    public const string DefaultModuleDirectory = "/etc/backtrace-agent/modules";

    public Option<string[]> Attributes { get; } = new("--kv") { Description = "Attribute key=value added to the snapshot (repeatable); numbers and true/false keep their type.", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Defaults { get; } = new("--defaults") { Description = $"File of key=value attribute lines applied first (default {DefaultsFile} when it exists); BACKTRACE_ATTR_NAME variables come next, --kv last." };
    public Option<string?> Application { get; } = new("--application") { Description = "Application name (default: the process name)." };
    public Option<string?> ApplicationVersion { get; } = new("--application-version") { Description = "Application version." };
    public Option<string[]> Globals { get; } = new("--global") { Description = "Global symbol whose memory goes into the snapshot (repeatable), resolved through the modules' symbol tables." };
    public Option<int> StackBytes { get; } = new("--stack-bytes") { Description = "Stack bytes copied per thread, from the stack pointer up.", DefaultValueFactory = _ => 256 * 1024 };
    public Option<long> MemoryBudget { get; } = new("--memory-budget") { Description = "Most bytes of process memory copied in total.", DefaultValueFactory = _ => 64L * 1024 * 1024 };
    public Option<string[]> Scrub { get; } = new("--scrub") { Description = "Environment variable name pattern whose value is replaced by [scrubbed] (repeatable, '*' wildcard, case-insensitive), added to the defaults *TOKEN* *SECRET* *PASSWORD* *KEY* ..." };
    public Option<string[]> DebugDirectories { get; } = new("--debug-dir") { Description = "Directory of separate debug files (repeatable; default /usr/lib/debug)." };
    public Option<string[]> Modules { get; } = new("--module") { Description = "Lua analysis module to run on the snapshot (repeatable), after the modules of --module-dir; see docs/lua-api.md." };
    public Option<string?> ModuleDirectory { get; } = new("--module-dir") { Description = $"Directory whose *.lua analysis modules run on every snapshot, in name order (default {DefaultModuleDirectory} when it exists)." };
    public Option<bool> NoAnalysis { get; } = new("--no-analysis") { Description = "Skip the built-in crash analysis and the Lua modules (the server can still analyse the snapshot)." };
    public Option<string?> CacheDirectory { get; } = new("--cache-dir") { Description = $"Directory where inflated debug sections and symbol indexes are kept by build-id, so later snapshots of the same library versions skip that work (default {AgentCache.DefaultDirectory})." };
    public Option<long> CacheMaxBytes { get; } = new("--cache-max-bytes") { Description = "Most bytes the cache directory may hold; the least recently used library versions go first.", DefaultValueFactory = _ => AgentCache.DefaultMaxBytes };
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Neither read nor write the cache directory." };

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Attributes, Defaults, Application, ApplicationVersion, Globals, StackBytes, MemoryBudget, Scrub, DebugDirectories, Modules, ModuleDirectory, NoAnalysis, CacheDirectory, CacheMaxBytes, NoCache])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The capture options; <paramref name="traceFromCallingThread"/> for a command whose thread stays the same throughout.</summary>
    public CaptureOptions CaptureOptions(ParseResult parse, string? executable = null, bool traceFromCallingThread = false)
    {
        var options = new CaptureOptions
        {
            StackBytesPerThread = parse.GetValue(StackBytes),
            MemoryBudgetBytes = parse.GetValue(MemoryBudget),
            Globals = [.. parse.GetValue(Globals) ?? []],
            Scrubber = new SecretScrubber([.. SecretScrubber.DefaultPatterns, .. parse.GetValue(Scrub) ?? []]),
            ExecutableOverride = executable,
            TraceFromCallingThread = traceFromCallingThread,
        };
        options.Validate();
        return options;
    }

    public SnapshotOptions SnapshotOptions(ParseResult parse) => new()
    {
        Application = parse.GetValue(Application),
        ApplicationVersion = parse.GetValue(ApplicationVersion),
        Attributes = AttributeSources.Merge(parse.GetValue(Defaults) ?? DefaultsFile, Environment.GetEnvironmentVariables(), parse.GetValue(Attributes) ?? []),
        Analyze = !parse.GetValue(NoAnalysis),
        Modules = parse.GetValue(NoAnalysis) ? [] : LoadModules(parse.GetValue(ModuleDirectory), parse.GetValue(Modules) ?? []),
    };

    /// <summary>The module directory's modules (the default one only if it exists), then each --module file.</summary>
    private static List<LuaModule> LoadModules(string? directory, string[] files)
    {
        try
        {
            var modules = new List<LuaModule>();
            if (directory is not null || Directory.Exists(DefaultModuleDirectory))
            {
                modules.AddRange(LuaModule.FromDirectory(directory ?? DefaultModuleDirectory));
            }

            modules.AddRange(files.Select(file => LuaModule.FromFile(file)));
            return modules;
        }
        catch (LuaModuleException e)
        {
            throw new AgentException(ExitCode.InvalidInput, e.Message);
        }
    }

    public ModuleCacheOptions ModuleOptions(ParseResult parse)
    {
        var options = new ModuleCacheOptions();
        if (parse.GetValue(DebugDirectories) is { Length: > 0 } directories)
        {
            options.DebugDirectories = [.. directories.Select(Path.GetFullPath)];
        }

        var cache = parse.GetValue(NoCache) ? null : Path.GetFullPath(parse.GetValue(CacheDirectory) ?? AgentCache.DefaultDirectory);
        AgentCache.Use(options, cache, parse.GetValue(CacheMaxBytes));

        options.Validate();
        return options;
    }
}
