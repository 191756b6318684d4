using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Backtrace.Storage.Embedded.Tests;

public sealed class SegmentSnapshotBodyStoreTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Put_ThenRead_ReturnsTheSameBytes()
    {
        var uuid = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes("""{"uuid":"x","payload":"abc"}""");
        Assert.True(await _storage.Bodies.PutAsync("demo", uuid, body));
        Assert.True(await _storage.Bodies.ExistsAsync("demo", uuid));
        Assert.Equal(body, await ReadAsync("demo", uuid));
    }

    [Fact]
    public async Task Put_SameUuidTwice_KeepsTheFirstBody()
    {
        var uuid = Guid.NewGuid();
        Assert.True(await _storage.Bodies.PutAsync("demo", uuid, "first"u8.ToArray()));
        Assert.False(await _storage.Bodies.PutAsync("demo", uuid, "second"u8.ToArray()));
        Assert.Equal("first"u8.ToArray(), await ReadAsync("demo", uuid));
        _storage.Reopen();
        Assert.False(await _storage.Bodies.PutAsync("demo", uuid, "third"u8.ToArray()));
        Assert.Equal("first"u8.ToArray(), await ReadAsync("demo", uuid));
    }

    [Fact]
    public async Task Put_ConcurrentWithDuplicates_StoresEachUuidOnceAndAllSurviveReopen()
    {
        var uuids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        var puts = uuids.Concat(uuids.Take(30)).Select((uuid, i) => _storage.Bodies.PutAsync("demo", uuid, Encoding.UTF8.GetBytes($"body {uuid}")));
        var results = await Task.WhenAll(puts);
        Assert.Equal(100, results.Count(created => created));

        _storage.Reopen();
        foreach (var uuid in uuids)
        {
            Assert.Equal(Encoding.UTF8.GetBytes($"body {uuid}"), await ReadAsync("demo", uuid));
        }
    }

    [Fact]
    public async Task Projects_AreSeparate()
    {
        var uuid = Guid.NewGuid();
        await _storage.Bodies.PutAsync("one", uuid, "one"u8.ToArray());
        Assert.False(await _storage.Bodies.ExistsAsync("two", uuid));
        Assert.Null(await _storage.Bodies.OpenReadAsync("two", uuid));
        Assert.True(await _storage.Bodies.PutAsync("two", uuid, "two"u8.ToArray()));
        Assert.Equal("one"u8.ToArray(), await ReadAsync("one", uuid));
        Assert.Equal("two"u8.ToArray(), await ReadAsync("two", uuid));
    }

    [Fact]
    public async Task Missing_ReadsAsNull() =>
        Assert.Null(await _storage.Bodies.OpenReadAsync("demo", Guid.NewGuid()));

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("UPPER")]
    public async Task HostileProjectName_IsRejectedBeforeTouchingTheDisk(string project)
    {
        var before = SegmentLengths();
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.Bodies.PutAsync(project, Guid.NewGuid(), "x"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.Bodies.OpenReadAsync(project, Guid.NewGuid()));
        Assert.Equal(before, SegmentLengths());
        Assert.Equal(["0000000001.seg"], Directory.GetFileSystemEntries(_storage.SegmentDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Bodies_AreRecordsInASegment_InTheDocumentedFormat()
    {
        var uuid = Guid.Parse("6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01");
        var body = "{\"crash\":true}"u8.ToArray();
        await _storage.Bodies.PutAsync("demo", uuid, body);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_storage.SegmentDirectory, "0000000001.seg"));
        Assert.Equal("BTB1"u8.ToArray(), bytes[..4]);
        Assert.Equal((uint)body.Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(uuid, new Guid(bytes.AsSpan(8, 16), bigEndian: true));
        Assert.Equal(4, bytes[24]);
        Assert.Equal("demo"u8.ToArray(), bytes[25..29]);
        Assert.Equal(Crc32C(bytes.AsSpan(0, 29), body), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(29)));
        Assert.Equal(body, bytes[33..]);
    }

    [Fact]
    public async Task Read_IsASeekableStreamOfExactlyTheBody()
    {
        var uuid = Guid.NewGuid();
        await _storage.Bodies.PutAsync("demo", Guid.NewGuid(), "before"u8.ToArray());
        await _storage.Bodies.PutAsync("demo", uuid, "0123456789"u8.ToArray());
        await _storage.Bodies.PutAsync("demo", Guid.NewGuid(), "after"u8.ToArray());

        await using var stream = (await _storage.Bodies.OpenReadAsync("demo", uuid))!;
        Assert.Equal(10, stream.Length);
        stream.Position = 6;
        var tail = new byte[10];
        Assert.Equal(4, await stream.ReadAsync(tail));
        Assert.Equal("6789"u8.ToArray(), tail[..4]);
        Assert.Equal(0, stream.Read(tail));
    }

    [Fact]
    public async Task LocationsLostInACrash_AreFoundAgainFromTheSegments()
    {
        // The locations are committed after the bodies are durable, without waiting: a crash can lose the last
        // ones. Losing all of them must lose no body.
        var uuids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(uuids.Select(uuid => _storage.Bodies.PutAsync("demo", uuid, Encoding.UTF8.GetBytes($"body {uuid}"))));

        _storage.Reopen(() => Sql("DELETE FROM body_locations; DELETE FROM body_segments;"));

        foreach (var uuid in uuids)
        {
            Assert.Equal(Encoding.UTF8.GetBytes($"body {uuid}"), await ReadAsync("demo", uuid));
            Assert.False(await _storage.Bodies.PutAsync("demo", uuid, "again"u8.ToArray()));
        }
    }

    [Fact]
    public async Task AnIncompleteRecordAtTheEnd_IsCutOff_AndEveryWholeOneKept()
    {
        var kept = Guid.NewGuid();
        await _storage.Bodies.PutAsync("demo", kept, "whole"u8.ToArray());
        var segment = Path.Combine(_storage.SegmentDirectory, "0000000001.seg");
        var whole = new FileInfo(segment).Length;

        // A crash during a batch's write: its header and the first bytes of its body reached the disk.
        var torn = Guid.NewGuid();
        _storage.Reopen(() =>
        {
            var record = RecordOf("demo", torn, new byte[5000]);
            using var file = new FileStream(segment, FileMode.Append);
            file.Write(record, 0, 100);
        });

        Assert.Equal(whole, new FileInfo(segment).Length);
        Assert.Equal("whole"u8.ToArray(), await ReadAsync("demo", kept));
        Assert.False(await _storage.Bodies.ExistsAsync("demo", torn));
        Assert.True(await _storage.Bodies.PutAsync("demo", torn, "stored now"u8.ToArray()));
        _storage.Reopen();
        Assert.Equal("stored now"u8.ToArray(), await ReadAsync("demo", torn));
    }

    [Fact]
    public async Task ARecordWithAWrongChecksum_IsCutOff_WithEverythingAfterIt()
    {
        var kept = Guid.NewGuid();
        await _storage.Bodies.PutAsync("demo", kept, "whole"u8.ToArray());
        var segment = Path.Combine(_storage.SegmentDirectory, "0000000001.seg");
        var whole = new FileInfo(segment).Length;

        // Stale bytes where a batch that never completed would have been: a record with one byte flipped, then a good one.
        var (damaged, after) = (Guid.NewGuid(), Guid.NewGuid());
        _storage.Reopen(() =>
        {
            Sql("DELETE FROM body_locations; DELETE FROM body_segments;");
            var bad = RecordOf("demo", damaged, "damaged body"u8.ToArray());
            bad[^1] ^= 0x20;
            using var file = new FileStream(segment, FileMode.Append);
            file.Write(bad);
            file.Write(RecordOf("demo", after, "after"u8.ToArray()));
        });

        Assert.Equal(whole, new FileInfo(segment).Length);
        Assert.Equal("whole"u8.ToArray(), await ReadAsync("demo", kept));
        Assert.False(await _storage.Bodies.ExistsAsync("demo", damaged));
        Assert.False(await _storage.Bodies.ExistsAsync("demo", after));
    }

    [Fact]
    public async Task AFullSegment_RollsOverToTheNext_AndEveryBodySurvivesReopen()
    {
        using var storage = new EmbeddedStorage(segmentBytes: 64 * 1024);
        var bodies = Enumerable.Range(0, 40).ToDictionary(_ => Guid.NewGuid(), i => Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), 10_000)));
        foreach (var chunk in bodies.Chunk(8))
        {
            await Task.WhenAll(chunk.Select(b => storage.Bodies.PutAsync("demo", b.Key, b.Value)));
        }

        var segments = Directory.GetFiles(storage.SegmentDirectory, "*.seg");
        Assert.InRange(segments.Length, 6, 8);
        Assert.All(segments, s => Assert.InRange(new FileInfo(s).Length, 1, 64 * 1024));

        storage.Reopen(() => { });
        foreach (var (uuid, body) in bodies)
        {
            Assert.Equal(body, await ReadAsync(storage, "demo", uuid));
        }
    }

    [Fact]
    public async Task ManyPutsAtOnce_ShareFsyncs()
    {
        // More bodies in one batch than one gathered write takes (IOV_MAX = 1024 buffers), so the write is split.
        using var storage = new EmbeddedStorage(maxBatchSize: 1000);
        var commits = 0L;
        using var listener = CountBodyCommits(() => Interlocked.Increment(ref commits));
        var bodies = Enumerable.Range(0, 1200).ToDictionary(_ => Guid.NewGuid(), i => Encoding.UTF8.GetBytes($"body number {i}"));

        var results = await Task.WhenAll(bodies.Select(b => storage.Bodies.PutAsync("demo", b.Key, b.Value)));

        Assert.All(results, Assert.True);
        Assert.InRange(Interlocked.Read(ref commits), 1, bodies.Count - 1);
        storage.Reopen(() => { });
        foreach (var (uuid, body) in bodies)
        {
            Assert.Equal(body, await ReadAsync(storage, "demo", uuid));
        }
    }

    [Fact]
    public async Task BodiesOfTheFirstLayout_OneFileEach_AreMovedIntoSegments()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var legacy = Path.Combine(_storage.DataDirectory, "snapshots");
        await _storage.Bodies.PutAsync("demo", first, "already in a segment"u8.ToArray());
        _storage.Reopen(() =>
        {
            // An interrupted import left the first body in both places; the segment's copy wins.
            Write(Path.Combine(legacy, "demo", first.ToString("D")[..2], $"{first:D}.json"), "old copy");
            Write(Path.Combine(legacy, "other", second.ToString("D")[..2], $"{second:D}.json"), "second body");
            Write(Path.Combine(legacy, ".incoming", $"{Guid.NewGuid():D}.json.0123"), "half a bo");
        });

        Assert.False(Directory.Exists(legacy));
        Assert.Equal("already in a segment"u8.ToArray(), await ReadAsync("demo", first));
        Assert.Equal("second body"u8.ToArray(), await ReadAsync("other", second));
        _storage.Reopen();
        Assert.Equal("second body"u8.ToArray(), await ReadAsync("other", second));

        static void Write(string path, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }

    private Task<byte[]> ReadAsync(string project, Guid uuid) => ReadAsync(_storage, project, uuid);

    private static async Task<byte[]> ReadAsync(EmbeddedStorage storage, string project, Guid uuid)
    {
        await using var stream = await storage.Bodies.OpenReadAsync(project, uuid) ?? throw new InvalidOperationException($"no body for {uuid}");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private long[] SegmentLengths() =>
        [.. Directory.GetFiles(_storage.SegmentDirectory).Order(StringComparer.Ordinal).Select(f => new FileInfo(f).Length)];

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_storage.DataDirectory, "backtrace.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static MeterListener CountBodyCommits(Action onCommit)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EmbeddedStorageMetrics.MeterName && instrument.Name == "backtrace.storage.body.commits")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => onCommit());
        listener.Start();
        return listener;
    }

    /// <summary>A record as docs/embedded-storage.md describes it, built independently of the store's code.</summary>
    private static byte[] RecordOf(string project, Guid uuid, byte[] body)
    {
        var header = new byte[29 + project.Length];
        "BTB1"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)body.Length);
        uuid.TryWriteBytes(header.AsSpan(8, 16), bigEndian: true, out _);
        header[24] = (byte)project.Length;
        Encoding.ASCII.GetBytes(project, header.AsSpan(25));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(25 + project.Length), Crc32C(header.AsSpan(0, 25 + project.Length), body));
        return [.. header, .. body];
    }

    /// <summary>CRC-32C bit by bit (reflected polynomial 0x82F63B78), independent of the store's implementation.</summary>
    private static uint Crc32C(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var part in new[] { header.ToArray(), body.ToArray() })
        {
            foreach (var b in part)
            {
                crc ^= b;
                for (var i = 0; i < 8; i++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
                }
            }
        }

        return ~crc;
    }
}
