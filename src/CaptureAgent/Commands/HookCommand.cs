using System.CommandLine;
using Backtrace.Capture.Linux.Hook;

namespace Backtrace.CaptureAgent.Commands;

/// <summary><c>hook install|uninstall|status</c>: registers backtrace-agent as the kernel's crash handler.</summary>
internal static class HookCommand
{
    public static Command Create()
    {
        var configuration = new Option<string>("--config", "-c") { Description = "Where the hook's configuration is kept.", DefaultValueFactory = _ => HookConfiguration.DefaultPath, Recursive = true };
        var command = new Command("hook", "Install, remove or show backtrace-agent as the core_pattern crash handler (machine-wide; needs root).") { configuration };
        command.Subcommands.Add(Install(configuration));
        command.Subcommands.Add(Uninstall(configuration));
        command.Subcommands.Add(Status(configuration));
        return command;
    }

    private static Command Install(Option<string> configurationPath)
    {
        var outbox = new Option<string>("--outbox") { Description = "Outbox directory for crash snapshots.", DefaultValueFactory = _ => Capture.Delivery.OutboxOptions.DefaultDirectory };
        var keepCore = new Option<string?>("--keep-core") { Description = "Also write every core, whole, into this directory." };
        var chain = new Option<bool>("--chain") { Description = "Also hand every core to the core_pattern being replaced (e.g. systemd-coredump)." };
        var stackBytes = new Option<int>("--stack-bytes") { Description = "Stack bytes kept per thread.", DefaultValueFactory = _ => 256 * 1024 };
        var softDeadline = new Option<int>("--deadline") { Description = "Seconds after which the handler stops reading the core and writes what it has.", DefaultValueFactory = _ => 20 };
        var hardDeadline = new Option<int>("--kill-after") { Description = "Seconds after which the handler exits whatever it is doing, releasing the crashed process.", DefaultValueFactory = _ => 30 };
        var attributes = new Option<string[]>("--kv") { Description = "Attribute key=value added to every crash snapshot (repeatable)." };
        var scrub = new Option<string[]>("--scrub") { Description = "Extra environment variable name pattern to scrub (repeatable)." };
        var cacheDirectory = new Option<string>("--cache-dir") { Description = "Directory where inflated debug sections and symbol indexes are kept by build-id, so later crashes of the same library versions skip that work.", DefaultValueFactory = _ => Capture.Building.AgentCache.DefaultDirectory };
        var cacheMaxBytes = new Option<long>("--cache-max-bytes") { Description = "Most bytes the cache directory may hold; the least recently used library versions go first.", DefaultValueFactory = _ => Capture.Building.AgentCache.DefaultMaxBytes };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the cache directory." };
        var command = new Command("install", "Make backtrace-agent the crash handler, saving the current core_pattern.")
        {
            outbox, keepCore, chain, stackBytes, softDeadline, hardDeadline, attributes, scrub, cacheDirectory, cacheMaxBytes, noCache,
        };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(configurationPath)!);
            var current = CorePattern.Read();
            var previous = CorePattern.IsAgentHandler(current) && File.Exists(path) ? HookConfiguration.Load(path).PreviousPattern : current;
            var agent = Environment.ProcessPath ?? throw new AgentException(ExitCode.InternalError, "cannot tell where this executable is");
            var hook = new HookConfiguration
            {
                PreviousPattern = previous,
                InstalledPattern = CorePattern.HandlerLine(agent, path),
                Outbox = Path.GetFullPath(parse.GetValue(outbox)!),
                KeepCoreDirectory = parse.GetValue(keepCore) is { } keep ? Path.GetFullPath(keep) : null,
                Chain = parse.GetValue(chain),
                StackBytesPerThread = parse.GetValue(stackBytes),
                SoftDeadlineSeconds = parse.GetValue(softDeadline),
                HardDeadlineSeconds = parse.GetValue(hardDeadline),
                ScrubPatterns = [.. parse.GetValue(scrub) ?? []],
                CacheDirectory = parse.GetValue(noCache) ? null : Path.GetFullPath(parse.GetValue(cacheDirectory)!),
                CacheMaxBytes = parse.GetValue(cacheMaxBytes),
                Attributes = (parse.GetValue(attributes) ?? []).Select(Pair).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            };
            hook.Validate();
            Directory.CreateDirectory(hook.Outbox);
            hook.Save(path);
            CorePattern.Write(hook.InstalledPattern);
            Console.Out.WriteLine($"installed: core_pattern = {hook.InstalledPattern}");
            Console.Out.WriteLine($"previous core_pattern saved in {path}: {previous}");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Command Uninstall(Option<string> configurationPath)
    {
        var command = new Command("uninstall", "Restore the core_pattern saved by install.");
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(configurationPath)!);
            var hook = HookConfiguration.Load(path);
            var current = CorePattern.Read();
            if (current != hook.InstalledPattern)
            {
                throw new AgentException(ExitCode.UsageError, $"core_pattern is now '{current}', not the handler installed from {path}; left unchanged");
            }

            CorePattern.Write(hook.PreviousPattern);
            File.Delete(path);
            Console.Out.WriteLine($"uninstalled: core_pattern = {hook.PreviousPattern}");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Command Status(Option<string> configurationPath)
    {
        var command = new Command("status", "Show whether backtrace-agent is the crash handler.");
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(configurationPath)!);
            var current = CorePattern.Read();
            Console.Out.WriteLine($"core_pattern: {current}");
            if (!File.Exists(path))
            {
                Console.Out.WriteLine($"hook: not installed ({path} does not exist)");
                return (int)ExitCode.Success;
            }

            var hook = HookConfiguration.Load(path);
            Console.Out.WriteLine(current == hook.InstalledPattern ? "hook: installed" : "hook: configured but core_pattern was changed since install");
            Console.Out.WriteLine($"outbox: {hook.Outbox} ({(Directory.Exists(hook.Outbox) ? Directory.GetFiles(hook.Outbox, "*" + Capture.Delivery.Outbox.PendingSuffix).Length : 0)} waiting)");
            Console.Out.WriteLine($"keep cores in: {hook.KeepCoreDirectory ?? "(not kept)"}; chain to previous: {(hook.Chain ? "yes" : "no")}");
            Console.Out.WriteLine($"cache: {hook.CacheDirectory ?? "(none)"}");
            Console.Out.WriteLine($"previous core_pattern: {hook.PreviousPattern}");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static KeyValuePair<string, string> Pair(string pair)
    {
        var equals = pair.IndexOf('=');
        return equals > 0 ? new(pair[..equals], pair[(equals + 1)..]) : throw new AgentException(ExitCode.UsageError, $"--kv {pair}: expected key=value");
    }
}
