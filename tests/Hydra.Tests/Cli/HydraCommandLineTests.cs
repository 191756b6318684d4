using Backtrace.Hydra.Cli;

namespace Backtrace.Hydra.Tests.Cli;

public sealed class HydraCommandLineTests
{
    private readonly StringWriter _error = new();
    private HydraSettings? _settings;

    private int Run(params string[] args) => HydraCommandLine.Run(args, settings =>
    {
        _settings = settings;
        return ReturnCode.Success;
    }, _error);

    [Fact]
    public void File_IsOpenedWithDefaults()
    {
        Assert.Equal(0, Run("crash.json"));

        Assert.Equal("crash.json", _settings!.File);
        Assert.Null(_settings.Server);
        Assert.Equal(256L * 1024 * 1024, _settings.Limits.MaxBytes);
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public void Server_OptionsBuildTheApiAddress()
    {
        var id = Guid.NewGuid();

        Assert.Equal(0, Run("--server", "http://127.0.0.1:5000/", "--token", "t0k", "--project", "my app", id.ToString(), "--mono",
            "--source-map", "/build=/src", "--source-map", "/b2=/s2", "--timeout", "5"));

        var request = _settings!.Server!;
        Assert.Equal($"http://127.0.0.1:5000/api/v1/projects/my%20app/snapshots/{id:D}?view=analysed", request.SnapshotUri.AbsoluteUri);
        Assert.Equal("t0k", request.Token);
        Assert.True(_settings.Monochrome);
        Assert.Equal("/src/a.c", _settings.SourceMap.Map("/build/a.c"));
        Assert.Equal("/s2/x.c", _settings.SourceMap.Map("/b2/x.c"));
        Assert.Equal(TimeSpan.FromSeconds(5), _settings.Limits.FetchTimeout);
    }

    [Theory]
    [InlineData(new string[0], "error: Required argument missing for command: ")]
    [InlineData(new[] { "--server", "ftp://x", "--token", "t", "--project", "p", "0c2b9f4e-3d1a-4e5b-8f6a-7b8c9d0e1f20" }, "error: --server 'ftp://x' is not an http:// or https:// address")]
    [InlineData(new[] { "--server", "http://x", "--token", "t", "--project", "p", "not-a-uuid" }, "error: 'not-a-uuid' is not a snapshot uuid (with --server the argument is the snapshot's uuid)")]
    [InlineData(new[] { "--server", "http://x", "--token", "t", "0c2b9f4e-3d1a-4e5b-8f6a-7b8c9d0e1f20" }, "error: --server needs --project: the project the snapshot belongs to")]
    [InlineData(new[] { "--project", "p", "crash.json" }, "error: --project is only used with --server")]
    [InlineData(new[] { "--source-map", "nonsense", "crash.json" }, "error: --source-map 'nonsense' must be FROM=TO, e.g. /build/dir=/local/dir")]
    [InlineData(new[] { "--max-size", "0", "crash.json" }, "error: --max-size 0 must be between 1 and 4096 MiB")]
    [InlineData(new[] { "--bogus", "crash.json" }, "error: unknown option '--bogus'")]
    public void BadArguments_PrintOneErrorLineAndExitWithOne(string[] args, string expected)
    {
        Assert.Equal(1, Run(args));

        Assert.Null(_settings);
        var lines = _error.ToString().Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        Assert.Contains(lines, line => line.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(lines.Where(line => line.Length > 0), line => Assert.True(line.StartsWith("error: ", StringComparison.Ordinal) || line.StartsWith("run ", StringComparison.Ordinal), line));
    }

    [Fact]
    public void Server_WithoutTokenOrVariable_AsksForOne()
    {
        // The variable is the documented fallback; the test process must not have it.
        Assert.Null(Environment.GetEnvironmentVariable(HydraCommandLine.TokenVariable));

        Assert.Equal(1, Run("--server", "http://x", "--project", "p", "0c2b9f4e-3d1a-4e5b-8f6a-7b8c9d0e1f20"));

        Assert.Equal("error: --server needs a token: pass --token or set BACKTRACE_TOKEN", _error.ToString().TrimEnd());
    }

    [Fact]
    public void UserError_IsPrintedWithoutStackTrace()
    {
        var code = HydraCommandLine.Run(["crash.json"], _ => throw new HydraException("crash.json: no such file"), _error);

        Assert.Equal(1, code);
        Assert.Equal("error: crash.json: no such file", _error.ToString().TrimEnd());
    }

    [Fact]
    public void UnexpectedError_IsAnInternalErrorWithDetailsOnlyUnderDiag()
    {
        var code = HydraCommandLine.Run(["crash.json"], _ => throw new InvalidOperationException("boom"), _error);
        Assert.Equal(2, code);
        Assert.Equal("error: internal error (InvalidOperationException: boom); run with --diag for details and report it", _error.ToString().TrimEnd());
        Assert.DoesNotContain(" at ", _error.ToString());

        var diag = new StringWriter();
        Assert.Equal(2, HydraCommandLine.Run(["crash.json", "--diag"], _ => throw new InvalidOperationException("boom"), diag));
        Assert.Contains(" at ", diag.ToString());
    }

    [Fact]
    public void Help_DescribesEveryOption()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Run("--help"));
        }
        finally
        {
            Console.SetOut(original);
        }

        var help = output.ToString();
        foreach (var option in new[] { "--server", "--token", "--project", "--source-map", "--mono", "--max-size", "--timeout", "--diag" })
        {
            var line = help.Split('\n').Single(l => l.TrimStart().StartsWith(option, StringComparison.Ordinal) || l.Contains(", " + option));
            Assert.True(line.Trim().Length > option.Length + 20, $"{option} has no description: '{line}'");
        }
    }
}
