using System.CommandLine;
using System.IO.Compression;
using Backtrace.Snapshots.Json;

namespace Backtrace.CaptureAgent.Commands;

/// <summary><c>submit FILE...</c>: sends snapshot files (JSON, or gzip JSON as the outbox keeps them).</summary>
internal static class SubmitCommand
{
    private const long MaxSnapshotBytes = 256L * 1024 * 1024;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Snapshot files to submit: JSON (.json) or gzip-compressed JSON (.gz).", Arity = ArgumentArity.OneOrMore };
        var delivery = new DeliveryArguments();
        var command = new Command("submit", "Submit snapshot files to a Backtrace server; failures worth retrying are queued in the outbox.") { files };
        delivery.AddTo(command);
        command.SetAction(parse =>
        {
            var server = delivery.Delivery(parse) ?? throw new AgentException(ExitCode.UsageError, "submit needs a server: --submit URL (or BACKTRACE_URL)");
            var outbox = delivery.OutboxOptions(parse);
            var worst = ExitCode.Success;
            foreach (var file in parse.GetValue(files)!)
            {
                var (body, uuid) = Load(file);
                var code = SnapshotDelivery.SubmitOrQueue(body, uuid, server, outbox, file.Name);
                worst = code > worst ? code : worst;
            }

            return (int)worst;
        });
        return command;
    }

    /// <summary>Reads and validates a snapshot file; returns its gzip-compressed JSON and uuid.</summary>
    private static (byte[] Body, Guid Uuid) Load(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new AgentException(ExitCode.NotFound, $"{file.FullName}: no such file");
        }

        if (file.Length > MaxSnapshotBytes)
        {
            throw new AgentException(ExitCode.InvalidInput, $"{file.FullName}: {file.Length} bytes is larger than the {MaxSnapshotBytes}-byte limit for a snapshot");
        }

        var raw = File.ReadAllBytes(file.FullName);
        var gzipped = raw.Length > 2 && raw[0] == 0x1f && raw[1] == 0x8b;
        byte[] json;
        try
        {
            json = gzipped ? Inflate(raw) : raw;
        }
        catch (InvalidDataException e)
        {
            throw new AgentException(ExitCode.InvalidInput, $"{file.FullName}: not valid gzip: {e.Message}");
        }

        try
        {
            var snapshot = SnapshotJson.Deserialize(json);
            return (gzipped ? raw : Capture.Delivery.Outbox.Compress(snapshot), snapshot.Uuid);
        }
        catch (SnapshotFormatException e)
        {
            throw new AgentException(ExitCode.InvalidInput, $"{file.FullName}: not a snapshot: {e.Message}");
        }
    }

    private static byte[] Inflate(byte[] gzipped)
    {
        using var input = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxSnapshotBytes)
            {
                throw new InvalidDataException($"it inflates past {MaxSnapshotBytes} bytes");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
