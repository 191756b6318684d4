using System.Buffers.Text;
using System.Text;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Bench.Ingest;

/// <summary>
/// Realistic native snapshots, one template per crash stack: a faulting thread and a dozen others with
/// 20-60 frames each, registers, modules, attributes and a stack memory region, about 30 KB of JSON. Each
/// request copies a template chosen with a Zipf distribution (a few stacks crash a lot, most rarely) and
/// writes a fresh uuid into it, so generating load costs the generator almost nothing.
/// </summary>
internal sealed class SnapshotCorpus
{
    /// <summary>The uuid written into templates; requests overwrite it in place.</summary>
    private static readonly Guid Placeholder = Guid.Parse("00000000-0000-4000-8000-000000000000");

    private static readonly string[] Verbs = ["parse", "read", "write", "flush", "decode", "encode", "dispatch", "handle", "lookup", "insert", "resize", "visit"];
    private static readonly string[] Nouns = ["header", "request", "buffer", "frame", "record", "index", "session", "packet", "token", "block", "entry", "node"];
    private static readonly string[] Modules = ["/usr/sbin/storaged", "/usr/lib/libstore.so.3", "/usr/lib/libnet.so.1", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6"];
    private static readonly string[] IdleTops = ["epoll_wait", "pthread_cond_wait", "futex_wait", "nanosleep", "read", "accept4"];
    private static readonly string[] Registers = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"];

    /// <summary>Threads per snapshot: with 20-60 frames each this makes about 30 KB of JSON.</summary>
    public const int ThreadCount = 6;

    private readonly (byte[] Body, int UuidOffset)[] _templates;
    private readonly double[] _cumulative;

    public SnapshotCorpus(int fingerprints, double zipfExponent = 1.1)
    {
        var random = new Random(20261125);
        _templates = new (byte[], int)[fingerprints];
        for (var f = 0; f < fingerprints; f++)
        {
            var body = SnapshotJson.Serialize(Build(f, random));
            var offset = Encoding.UTF8.GetString(body).IndexOf(Placeholder.ToString("D"), StringComparison.Ordinal);
            _templates[f] = (body, offset);
        }

        _cumulative = new double[fingerprints];
        var total = 0.0;
        for (var k = 0; k < fingerprints; k++)
        {
            total += 1 / Math.Pow(k + 1, zipfExponent);
            _cumulative[k] = total;
        }

        for (var k = 0; k < fingerprints; k++)
        {
            _cumulative[k] /= total;
        }
    }

    public int MaxBodyLength => _templates.Max(t => t.Body.Length);

    public double AverageBodyLength => _templates.Average(t => t.Body.Length);

    /// <summary>Writes a new snapshot into <paramref name="buffer"/> and returns its length.</summary>
    public int Next(Random random, byte[] buffer)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        var (body, offset) = _templates[index < 0 ? Math.Min(~index, _templates.Length - 1) : index];
        body.CopyTo(buffer, 0);
        Utf8Formatter.TryFormat(Guid.NewGuid(), buffer.AsSpan(offset, 36), out _, 'D');
        return body.Length;
    }

    private static Snapshot Build(int fingerprint, Random random)
    {
        var threads = new List<SnapshotThread> { Thread(1000, $"worker-{fingerprint % 8}", random, FaultingStack(fingerprint, random), faulted: true) };
        for (var t = 1; t < ThreadCount; t++)
        {
            threads.Add(Thread(1000 + t, $"pool-{t}", random, IdleStack(random), faulted: false));
        }

        return new Snapshot
        {
            Uuid = Placeholder,
            Timestamp = DateTimeOffset.UtcNow.AddMinutes(-5),
            Application = "storaged",
            ApplicationVersion = $"4.{fingerprint % 5}.1",
            Agent = "backtrace-agent",
            AgentVersion = "0.1.0",
            Host = new SnapshotHost { Hostname = $"store-{fingerprint % 40:D2}", Os = "linux", Kernel = "6.1.0-18-amd64", Architecture = "x86_64" },
            Process = new SnapshotProcess { Pid = 4242, Name = "storaged", Executable = Modules[0], CommandLine = [Modules[0], "--config", "/etc/storaged.conf"], State = "running", AgeSeconds = 3600 },
            Fault = new SnapshotFault { Signal = 11, SignalName = "SIGSEGV", Code = 1, CodeName = "SEGV_MAPERR", Address = 0x18, ThreadId = 1000 },
            Capture = new CaptureInfo { Source = "core_pattern", DurationMicroseconds = 38000 },
            Threads = threads,
            Modules = [.. Modules.Select((m, i) => new SnapshotModule { Path = m, Base = 0x5500_0000_0000UL + (ulong)i * 0x100_0000, Size = 0x20_0000, BuildId = Convert.ToHexStringLower(BitConverter.GetBytes(m.GetHashCode() * 7919L)) })],
            Memory = [new MemoryRegion { Address = 0x7ffc_0000_1000UL, Permissions = "rw-p", Label = "stack", Bytes = RandomBytes(random, 1024) }],
            Attributes = new()
            {
                ["datacenter"] = $"dc-{fingerprint % 3}",
                ["build"] = 1000 + (fingerprint % 17),
                ["canary"] = fingerprint % 10 == 0,
                ["shard"] = $"shard-{random.Next(64)}",
            },
            Classifiers = ["null-dereference"],
        };
    }

    private static SnapshotThread Thread(long tid, string name, Random random, List<SnapshotFrame> frames, bool faulted) => new()
    {
        Tid = tid,
        Name = name,
        State = faulted ? "running" : "sleeping",
        Faulted = faulted,
        Registers = Registers.ToDictionary(r => r, _ => (ulong)random.NextInt64(0x1000, long.MaxValue)),
        Frames = frames,
    };

    /// <summary>The top frames are unique to the fingerprint; the rest comes from a shared call tree.</summary>
    private static List<SnapshotFrame> FaultingStack(int fingerprint, Random random)
    {
        var depth = random.Next(20, 61);
        var frames = new List<SnapshotFrame>(depth);
        for (var i = 0; i < depth; i++)
        {
            var function = i < 3
                ? $"{Verbs[(fingerprint + i) % Verbs.Length]}_{Nouns[(fingerprint / Verbs.Length + i) % Nouns.Length]}_{fingerprint}"
                : $"{Verbs[random.Next(Verbs.Length)]}_{Nouns[random.Next(Nouns.Length)]}";
            frames.Add(Frame(i, function, random));
        }

        return frames;
    }

    private static List<SnapshotFrame> IdleStack(Random random)
    {
        var depth = random.Next(20, 61);
        var frames = new List<SnapshotFrame>(depth) { Frame(0, IdleTops[random.Next(IdleTops.Length)], random) };
        for (var i = 1; i < depth; i++)
        {
            frames.Add(Frame(i, $"{Verbs[random.Next(Verbs.Length)]}_{Nouns[random.Next(Nouns.Length)]}", random));
        }

        return frames;
    }

    /// <summary>Frames as an unwinder reports them after symbolization: the innermost one in full, callers
    /// with their pc, module and function, and a source line for some.</summary>
    private static SnapshotFrame Frame(int index, string function, Random random)
    {
        var offset = (ulong)random.Next(0x1000, 0x1F_0000);
        var full = index == 0;
        return new SnapshotFrame
        {
            Pc = 0x5500_0000_0000UL + offset,
            Sp = full ? 0x7ffc_0000_0000UL : null,
            Module = Modules[random.Next(Modules.Length)],
            ModuleOffset = full ? offset : null,
            Function = function,
            FunctionOffset = full ? (ulong)random.Next(0, 0x200) : null,
            Line = index % 4 == 0 ? random.Next(1, 2000) : null,
            Trust = full ? FrameTrust.Context : FrameTrust.Cfi,
        };
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
