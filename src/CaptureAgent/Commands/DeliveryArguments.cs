using System.CommandLine;
using Backtrace.Capture.Delivery;

namespace Backtrace.CaptureAgent.Commands;

/// <summary>The options that say where snapshots go: server, project, token, outbox.</summary>
internal sealed class DeliveryArguments
{
    public Option<string?> Server { get; } = new("--submit") { Description = "Base URL of the Backtrace server to submit to (e.g. https://backtrace.example.com); also BACKTRACE_URL." };
    public Option<string?> Project { get; } = new("--project") { Description = "Project the snapshot belongs to; also BACKTRACE_PROJECT." };
    public Option<string?> Token { get; } = new("--token") { Description = "Submission token, sent as a bearer token; also BACKTRACE_TOKEN (preferred: keeps it out of ps)." };
    public Option<string?> Outbox { get; } = new("--outbox") { Description = $"Directory where undelivered snapshots wait (default {Capture.Delivery.OutboxOptions.DefaultDirectory})." };
    public Option<int> OutboxMaxFiles { get; } = new("--outbox-max-files") { Description = "Most snapshots kept in the outbox; the oldest are dropped beyond it.", DefaultValueFactory = _ => 200 };
    public Option<long> OutboxMaxBytes { get; } = new("--outbox-max-bytes") { Description = "Most bytes kept in the outbox; the oldest are dropped beyond it.", DefaultValueFactory = _ => 512L * 1024 * 1024 };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Project);
        command.Options.Add(Token);
        command.Options.Add(Outbox);
        command.Options.Add(OutboxMaxFiles);
        command.Options.Add(OutboxMaxBytes);
    }

    /// <summary>The delivery settings, or null when no server is named anywhere.</summary>
    public DeliveryOptions? Delivery(ParseResult parse)
    {
        var server = parse.GetValue(Server) is { } text ? ParseUrl("--submit", text) : FromEnvironment("BACKTRACE_URL");
        if (server is null)
        {
            return null;
        }

        var options = new DeliveryOptions
        {
            Server = server,
            Project = parse.GetValue(Project) ?? Environment.GetEnvironmentVariable("BACKTRACE_PROJECT"),
            Token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("BACKTRACE_TOKEN"),
        };
        options.Validate();
        return options;
    }

    public OutboxOptions OutboxOptions(ParseResult parse, string? fallback = null)
    {
        var options = new OutboxOptions
        {
            Directory = parse.GetValue(Outbox) ?? fallback ?? Capture.Delivery.OutboxOptions.DefaultDirectory,
            MaxFiles = parse.GetValue(OutboxMaxFiles),
            MaxBytes = parse.GetValue(OutboxMaxBytes),
        };
        options.Validate();
        return options;
    }

    private static Uri? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? ParseUrl(name, value) : null;

    private static Uri ParseUrl(string source, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"{source} {value} is not an absolute URL");
}
