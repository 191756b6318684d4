using System.Globalization;

namespace Backtrace.Bench.Ingest;

/// <summary>Command-line options of the ingest benchmark; every one has a default, so a bare run works.</summary>
internal sealed record BenchOptions
{
    /// <summary>Seconds of measured load per target.</summary>
    public int DurationSeconds { get; init; } = 20;

    /// <summary>Seconds of unmeasured load before each measurement (JIT, connection set-up, caches).</summary>
    public int WarmupSeconds { get; init; } = 5;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Distinct crash stacks, chosen with a Zipf distribution.</summary>
    public int Fingerprints { get; init; } = 300;

    /// <summary>An already running server to measure instead of starting one (it needs <c>Backtrace:Benchmark:NoopEndpoint</c>).</summary>
    public Uri? Server { get; init; }

    /// <summary>Submit token of <see cref="Project"/> on <see cref="Server"/>.</summary>
    public string? Token { get; init; }

    public string Project { get; init; } = "bench";

    /// <summary>What to measure: <c>noop</c>, <c>ingest</c> or both (the default; the goal needs both).</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["noop", "ingest"];

    /// <summary>Cluster sizes (silo counts) to measure ingest against after the embedded server; empty for none.</summary>
    public IReadOnlyList<int> ClusterSilos { get; init; } = [];

    public static string Usage => """
        usage: dotnet run -c Release --project bench/ingest -- [options]
          --duration SECONDS      measured load per target (default 20)
          --warmup SECONDS        unmeasured load before each measurement (default 5)
          --concurrency N         requests in flight (default 32)
          --fingerprints N        distinct crash stacks, Zipf-distributed (default 300)
          --server URL --token T  measure a running server (started with --Backtrace:Benchmark:NoopEndpoint true)
          --project NAME          project on that server (default bench)
          --targets LIST          noop, ingest or noop,ingest (default: both; the goal is judged only with both)
          --cluster N[,N...]      also measure ingest against a cluster of N silos and a gateway on this machine
                                  (private PostgreSQL and Azurite), e.g. --cluster 1,3
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--duration" => options with { DurationSeconds = Positive(args[i], value) },
                "--warmup" => options with { WarmupSeconds = Positive(args[i], value, allowZero: true) },
                "--concurrency" => options with { Concurrency = Positive(args[i], value) },
                "--fingerprints" => options with { Fingerprints = Positive(args[i], value) },
                "--server" => options with { Server = new Uri(value) },
                "--token" => options with { Token = value },
                "--project" => options with { Project = value },
                "--targets" => options with { Targets = ParseTargets(value) },
                "--cluster" => options with { ClusterSilos = value.Split(',').Select(n => Positive(args[i], n)).ToArray() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return options.Server is not null && options.Token is null ? throw new ArgumentException("--server needs --token") : options;
    }

    private static string[] ParseTargets(string value)
    {
        var targets = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return targets.Length > 0 && targets.All(t => t is "noop" or "ingest")
            ? targets
            : throw new ArgumentException($"--targets takes noop, ingest or noop,ingest, not '{value}'");
    }

    private static int Positive(string name, string value, bool allowZero = false) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && (number > 0 || (allowZero && number == 0))
            ? number
            : throw new ArgumentException($"{name} must be a whole number{(allowZero ? "" : " above 0")}, not '{value}'");
}
