using System.Text;
using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>Snapshots and Backtrace reports made for a test, each with a fresh uuid unless given one.
/// Snapshots with the same <c>functions</c> on the faulting thread belong to the same fault group.</summary>
internal static class TestSnapshots
{
    public static Snapshot Model(Guid uuid, params string[] functions) => new()
    {
        Uuid = uuid,
        Timestamp = DateTimeOffset.UtcNow.AddSeconds(-1),
        Application = "e2e-app",
        ApplicationVersion = "1.0",
        Agent = "gateway-tests",
        Fault = new SnapshotFault { Signal = 11, SignalName = "SIGSEGV", Code = 1, CodeName = "SEGV_MAPERR", Address = 0, ThreadId = 100 },
        Threads =
        [
            new SnapshotThread
            {
                Tid = 100,
                Name = "main",
                Faulted = true,
                Frames = [.. functions.Select((f, i) => new SnapshotFrame
                {
                    Pc = 0x401000UL + (ulong)(i * 0x40),
                    Module = "/usr/bin/e2e-app",
                    Function = f,
                    Trust = i == 0 ? FrameTrust.Context : FrameTrust.Cfi,
                })],
            },
        ],
        Attributes = new() { ["datacenter"] = "test" },
    };

    public static byte[] Native(Guid uuid, params string[] functions) => SnapshotJson.Serialize(Model(uuid, functions));

    /// <summary>A Backtrace JSON report as the JavaScript client shapes it.</summary>
    public static byte[] Report(Guid uuid, params string[] functions)
    {
        var frames = string.Join(",", functions.Select((f, i) => $$"""{"funcName":"{{f}}","library":"/srv/app/index.js","line":{{10 + i}},"column":5}"""));
        return Encoding.UTF8.GetBytes($$$"""
            {"uuid":"{{{uuid:D}}}","timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"lang":"nodejs","langVersion":"v20","agent":"e2e-report","agentVersion":"1.0",
             "classifiers":["TypeError"],"mainThread":"main",
             "threads":{"main":{"name":"main","fault":true,"stack":[{{{frames}}}]}},
             "attributes":{"application":"e2e-js","application.version":"2.0","error.type":"Exception","error.message":"boom"},
             "annotations":{"note":"hello"}}
            """);
    }

    /// <summary>A snapshot whose <paramref name="field"/> is the raw JSON text <paramref name="rawJson"/>, which may be
    /// invalid on purpose (lone surrogates, deep nesting), so it is spliced in as text.</summary>
    public static byte[] WithField(Guid uuid, string field, string rawJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Native(uuid, "f"))!.AsObject();
        node.Remove(field);
        var rest = node.ToJsonString(new JsonSerializerOptions())[1..];
        return Encoding.UTF8.GetBytes($"{{\"{field}\":{rawJson}," + rest);
    }
}
