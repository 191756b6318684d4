using Backtrace.Gateway.Hosting;
using Backtrace.Gateway.Ingest;
using Backtrace.Gateway.Tests.Infrastructure;
using Backtrace.Hosting.Startup;
using Microsoft.Extensions.Configuration;

namespace Backtrace.Gateway.Tests;

/// <summary>Bad settings stop the start with messages that say how to fix them.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void IngestOptions_Defaults_AreValid_AndThe32MiBLimitIsTheDefault()
    {
        var options = new IngestOptions();

        Assert.True(new IngestOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(32L * 1024 * 1024, options.MaxBodyBytes);
    }

    [Fact]
    public void IngestOptions_BindTheSnapshotLimitsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Backtrace:Ingest:Limits:MaxThreads"] = "12",
                ["Backtrace:Ingest:Limits:MaxStringBytes"] = "4096",
            })
            .Build();

        var options = EagerValidation.Bind(configuration, IngestOptions.Section, new IngestOptionsValidator());

        Assert.Equal((12, 4096), (options.Limits.MaxThreads, options.Limits.MaxStringBytes));
        Assert.Equal(Snapshots.Validation.SnapshotLimits.Default.MaxFramesPerThread, options.Limits.MaxFramesPerThread);
    }

    [Fact]
    public void IngestOptions_BadValues_AreNamed()
    {
        var result = new IngestOptionsValidator().Validate(null, new IngestOptions
        {
            MaxBodyBytes = 10,
            MaxDecompressedBytes = 5,
            RateLimitPerSecond = 0,
            MaxAttachments = -1,
            MaxAttachmentBytes = 0,
            Limits = new Snapshots.Validation.SnapshotLimits { MaxThreads = 0 },
        });

        Assert.Equal(
            [
                "Backtrace:Ingest:MaxBodyBytes is 10; set it between 1024 and 2147483591",
                "Backtrace:Ingest:MaxDecompressedBytes is 5; set it between MaxBodyBytes (10) and 2147483591",
                "Backtrace:Ingest:RateLimitPerSecond is 0; set it to 1 or more",
                "Backtrace:Ingest:MaxAttachments is -1; set it between 0 and 1000",
                "Backtrace:Ingest:MaxAttachmentBytes is 0; set it between 1 and 2147483591",
                "Backtrace:Ingest:Limits:MaxThreads is 0: set it to 1 or more",
            ],
            result.Failures);
    }

    [Fact]
    public void EmbeddedOptions_BadValues_SayWhichSwitchToFix()
    {
        var result = new EmbeddedOptionsValidator().Validate(null, new EmbeddedOptions
        {
            Listen = "127.0.0.1:8080",
            DataDirectory = " ",
            Project = "Bad Name",
            Token = "short",
        });

        Assert.Equal(
            [
                "listen address '127.0.0.1:8080' is not of the form http://HOST:PORT; set --listen or BACKTRACE_LISTEN, e.g. http://127.0.0.1:8080",
                "the data directory is empty; set --data-dir or BACKTRACE_DATA_DIR to a writable directory",
                "default project 'Bad Name': a project name starts with a lower-case letter or a digit, not 'B'; set --project or BACKTRACE_PROJECT",
                "the token given by --token or BACKTRACE_TOKEN must be 16-128 characters of A-Z a-z 0-9 - _ .",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("--project", "Bad Name", "error: default project 'Bad Name': a project name starts with a lower-case letter or a digit, not 'B'; set --project or BACKTRACE_PROJECT")]
    [InlineData("--Backtrace:Ingest:MaxBodyBytes", "10", "error: Backtrace:Ingest:MaxBodyBytes is 10; set it between 1024 and 2147483591")]
    [InlineData("--Backtrace:Notifications:MaxOutboxEntries", "0", "error: Backtrace:Notifications:MaxOutboxEntries is 0; set it between 1 and 100000")]
    public async Task TheServer_RefusesToStartWithBadSettings_AndSaysWhatToFix(string option, string value, string message)
    {
        var options = new ServerOptions
        {
            DataDirectory = ServerOptions.NewDataDirectory(),
            Settings = new Dictionary<string, string> { [option.TrimStart('-')] = value },
        };
        try
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(options));

            Assert.Contains("exited with code 2", failure.Message);
            Assert.Contains(message, failure.Message);
            Assert.DoesNotContain("   at ", failure.Message);
        }
        finally
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }
}
