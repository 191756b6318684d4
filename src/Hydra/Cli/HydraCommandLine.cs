using System.CommandLine;
using Backtrace.Hydra.Loading;
using Backtrace.Hydra.Sources;

namespace Backtrace.Hydra.Cli;

/// <summary>The <c>backtrace-hydra</c> command line: options, validation and the error boundary.</summary>
public static class HydraCommandLine
{
    /// <summary>Environment variable read for the token when <c>--token</c> is absent.</summary>
    public const string TokenVariable = "BACKTRACE_TOKEN";

    private static readonly Argument<string> SnapshotArgument = new("snapshot")
    {
        Description = "The snapshot file to open, or with --server the uuid of the snapshot to fetch.",
    };

    private static readonly Option<string?> ServerOption = new("--server")
    {
        Description = "Fetch the snapshot from this Backtrace server (e.g. http://127.0.0.1:5000) instead of reading a file.",
        HelpName = "url",
    };

    private static readonly Option<string?> TokenOption = new("--token")
    {
        Description = $"API token for --server, sent as a bearer token. Default: the {TokenVariable} environment variable.",
        HelpName = "token",
    };

    private static readonly Option<string?> ProjectOption = new("--project")
    {
        Description = "Project the snapshot belongs to (required with --server).",
        HelpName = "name",
    };

    private static readonly Option<string[]> SourceMapOption = new("--source-map")
    {
        Description = "Map a build-time source directory to a local one, e.g. /build/dir=/home/me/src. Repeatable; the longest match wins.",
        HelpName = "from=to",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<bool> MonoOption = new("--mono", "-m")
    {
        Description = "Monochrome: use no colours (also when NO_COLOR is set).",
    };

    private static readonly Option<int> MaxSizeOption = new("--max-size")
    {
        Description = $"Largest snapshot read, in MiB. Default: {LoadLimits.DefaultMaxBytes / (1024 * 1024)}.",
        HelpName = "mib",
        DefaultValueFactory = _ => (int)(LoadLimits.DefaultMaxBytes / (1024 * 1024)),
    };

    private static readonly Option<int> TimeoutOption = new("--timeout")
    {
        Description = "Seconds the server may take to send the snapshot. Default: 60.",
        HelpName = "seconds",
        DefaultValueFactory = _ => 60,
    };

    private static readonly Option<bool> DiagOption = new("--diag")
    {
        Description = "On an error, print the full exception with its stack trace.",
    };

    /// <summary>Parses <paramref name="args"/> and runs <paramref name="view"/> with the settings; returns the exit code.</summary>
    public static int Run(string[] args, Func<HydraSettings, ReturnCode> view, TextWriter? error = null)
    {
        error ??= Console.Error;
        var root = new RootCommand("backtrace-hydra: view a Backtrace crash snapshot in the terminal (docs/hydra.md).")
        {
            SnapshotArgument, ServerOption, TokenOption, ProjectOption, SourceMapOption, MonoOption, MaxSizeOption, TimeoutOption, DiagOption,
        };

        root.SetAction(parsed => (int)RunChecked(parsed, view, error));
        if (UnknownOption(root, args) is { } unknown)
        {
            error.WriteLine($"error: unknown option '{unknown}'");
            error.WriteLine("run 'backtrace-hydra --help' for usage");
            return (int)ReturnCode.UserError;
        }

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("run 'backtrace-hydra --help' for usage");
            return (int)ReturnCode.UserError;
        }

        return result.Invoke();
    }

    /// <summary>
    /// The first argument that looks like an option but is none. Without this check System.CommandLine takes an
    /// unknown <c>--flag</c> as the snapshot argument and then complains about the real file name instead.
    /// </summary>
    private static string? UnknownOption(RootCommand root, string[] args)
    {
        var options = root.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (var option in root.Options.ToList())
        {
            foreach (var alias in option.Aliases)
            {
                options[alias] = option;
            }
        }

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return null;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                continue;
            }

            var name = arg.Split('=', 2)[0];
            if (!options.TryGetValue(name, out var known))
            {
                return name;
            }

            if (known.ValueType != typeof(bool) && !arg.Contains('=', StringComparison.Ordinal))
            {
                i++; // the option's value, which may itself start with '-'
            }
        }

        return null;
    }

    private static ReturnCode RunChecked(ParseResult parsed, Func<HydraSettings, ReturnCode> view, TextWriter error)
    {
        var diagnostics = parsed.GetValue(DiagOption);
        try
        {
            return view(Settings(parsed));
        }
        catch (HydraException e)
        {
            error.WriteLine($"error: {e.Message}");
            if (diagnostics)
            {
                error.WriteLine(e);
            }

            return ReturnCode.UserError;
        }
        catch (Exception e)
        {
            error.WriteLine(diagnostics
                ? $"error: internal error: {e}"
                : $"error: internal error ({e.GetType().Name}: {e.Message}); run with --diag for details and report it");
            return ReturnCode.InternalError;
        }
    }

    /// <summary>Validates the options into settings.</summary>
    /// <exception cref="HydraException">An option is missing, malformed or out of range.</exception>
    internal static HydraSettings Settings(ParseResult parsed)
    {
        var snapshot = parsed.GetValue(SnapshotArgument)!;
        var maxSize = parsed.GetValue(MaxSizeOption);
        var timeout = parsed.GetValue(TimeoutOption);
        if (maxSize is < 1 or > 4096)
        {
            throw new HydraException($"--max-size {maxSize} must be between 1 and 4096 MiB");
        }

        if (timeout is < 1 or > 3600)
        {
            throw new HydraException($"--timeout {timeout} must be between 1 and 3600 seconds");
        }

        var settings = new HydraSettings
        {
            SourceMap = SourceMap.Parse(parsed.GetValue(SourceMapOption) ?? []),
            Monochrome = parsed.GetValue(MonoOption) || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 },
            Limits = new LoadLimits { MaxBytes = maxSize * 1024L * 1024, FetchTimeout = TimeSpan.FromSeconds(timeout) },
            Diagnostics = parsed.GetValue(DiagOption),
        };

        if (parsed.GetValue(ServerOption) is not { } server)
        {
            foreach (var (option, value) in new[] { ("--project", parsed.GetValue(ProjectOption)), ("--token", parsed.GetValue(TokenOption)) })
            {
                if (value is not null)
                {
                    throw new HydraException($"{option} is only used with --server");
                }
            }

            return settings with { File = snapshot };
        }

        return settings with { Server = ServerRequest(server, parsed.GetValue(TokenOption), parsed.GetValue(ProjectOption), snapshot) };
    }

    private static ServerSnapshotRequest ServerRequest(string server, string? token, string? project, string snapshot)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new HydraException($"--server '{server}' is not an http:// or https:// address");
        }

        token ??= Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new HydraException($"--server needs a token: pass --token or set {TokenVariable}");
        }

        if (string.IsNullOrWhiteSpace(project))
        {
            throw new HydraException("--server needs --project: the project the snapshot belongs to");
        }

        if (!Guid.TryParse(snapshot, out var id))
        {
            throw new HydraException($"'{snapshot}' is not a snapshot uuid (with --server the argument is the snapshot's uuid)");
        }

        return new ServerSnapshotRequest(uri, token, project, id);
    }
}
