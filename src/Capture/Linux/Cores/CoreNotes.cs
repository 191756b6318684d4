using System.Buffers.Binary;
using System.Text;
using Backtrace.Capture.Model;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>
/// What the PT_NOTE segments of a Linux x86-64 core say: threads (NT_PRSTATUS, first = the thread that
/// dumped), process (NT_PRPSINFO), the signal (NT_SIGINFO: <c>pr_info.si_code</c> in NT_PRSTATUS is always 0),
/// the auxiliary vector (NT_AUXV) and mapped files (NT_FILE). Every size is checked against the note and
/// against limits, because cores are untrusted input.
/// </summary>
internal sealed class CoreNotes
{
    private const uint NtPrStatus = 1, NtPrPsInfo = 3, NtAuxv = 6, NtSigInfo = 0x53494749, NtFile = 0x46494c45;
    private const int PrStatusSize = 336, PrRegOffset = 112, PrPsInfoSize = 136;
    private const int MaxThreads = 100_000, MaxFiles = 1_000_000;

    public List<CoreThreadNote> Threads { get; } = [];
    public List<CoreFileEntry> Files { get; } = [];
    public List<(ulong Type, ulong Value)> Auxv { get; } = [];
    public CapturedFault? Fault { get; private set; }
    public int? Pid { get; private set; }
    public int? ParentPid { get; private set; }
    public int? Uid { get; private set; }
    public string? Name { get; private set; }
    public string? Arguments { get; private set; }
    public char? State { get; private set; }

    /// <summary>Parses one PT_NOTE segment's bytes; problems go to <paramref name="warnings"/>.</summary>
    public void Parse(ReadOnlySpan<byte> segment, List<string> warnings)
    {
        var offset = 0;
        while (offset + 12 <= segment.Length)
        {
            var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(segment[offset..]);
            var descSize = BinaryPrimitives.ReadUInt32LittleEndian(segment[(offset + 4)..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(segment[(offset + 8)..]);
            var descStart = (long)offset + 12 + Align4(nameSize);
            if (nameSize > 4096 || descStart + descSize > segment.Length)
            {
                warnings.Add($"core note at byte {offset} of a PT_NOTE segment claims {nameSize}+{descSize} bytes past the segment's end: the remaining notes were skipped");
                return;
            }

            var name = segment.Slice(offset + 12, (int)nameSize).TrimEnd((byte)0);
            var desc = segment.Slice((int)descStart, (int)descSize);
            if (name.SequenceEqual("CORE"u8))
            {
                ParseCoreNote(type, desc, warnings);
            }

            offset = (int)(descStart + Align4(descSize));
        }
    }

    private void ParseCoreNote(uint type, ReadOnlySpan<byte> desc, List<string> warnings)
    {
        switch (type)
        {
            case NtPrStatus when desc.Length >= PrStatusSize && Threads.Count < MaxThreads:
                var tid = BinaryPrimitives.ReadInt32LittleEndian(desc[32..]);
                var signal = BinaryPrimitives.ReadInt16LittleEndian(desc[12..]);
                Threads.Add(new CoreThreadNote(tid, signal, UserRegisters.FromBytes(desc.Slice(PrRegOffset, UserRegisters.Size))));
                break;
            case NtPrStatus:
                warnings.Add($"an NT_PRSTATUS note has {desc.Length} bytes, expected {PrStatusSize}: that thread was skipped");
                break;
            case NtPrPsInfo when desc.Length >= PrPsInfoSize:
                State = (char)desc[1];
                Uid = BinaryPrimitives.ReadInt32LittleEndian(desc[16..]);
                Pid = BinaryPrimitives.ReadInt32LittleEndian(desc[24..]);
                ParentPid = BinaryPrimitives.ReadInt32LittleEndian(desc[28..]);
                Name = CString(desc.Slice(40, 16));
                Arguments = CString(desc.Slice(56, 80)).TrimEnd();
                break;
            case NtSigInfo when desc.Length >= LinuxSigInfo.Size:
                Fault = LinuxSigInfo.Parse(desc, null);
                break;
            case NtAuxv:
                for (var i = 0; i + 16 <= desc.Length; i += 16)
                {
                    var key = BinaryPrimitives.ReadUInt64LittleEndian(desc[i..]);
                    if (key == 0)
                    {
                        break;
                    }

                    Auxv.Add((key, BinaryPrimitives.ReadUInt64LittleEndian(desc[(i + 8)..])));
                }

                break;
            case NtFile:
                ParseFiles(desc, warnings);
                break;
        }
    }

    private void ParseFiles(ReadOnlySpan<byte> desc, List<string> warnings)
    {
        if (desc.Length < 16)
        {
            warnings.Add("the NT_FILE note is too short: mapped file names are missing");
            return;
        }

        var count = BinaryPrimitives.ReadUInt64LittleEndian(desc);
        var pageSize = BinaryPrimitives.ReadUInt64LittleEndian(desc[8..]);
        if (count > MaxFiles || 16 + count * 24 > (ulong)desc.Length || pageSize is 0 or > 1 << 30)
        {
            warnings.Add($"the NT_FILE note claims {count} files (page size {pageSize}) in {desc.Length} bytes: mapped file names are missing");
            return;
        }

        var names = desc[(16 + (int)count * 24)..];
        for (var i = 0; i < (int)count; i++)
        {
            var entry = desc.Slice(16 + i * 24, 24);
            var end = names.IndexOf((byte)0);
            if (end < 0)
            {
                warnings.Add($"the NT_FILE note ends after {i} of {count} names");
                return;
            }

            var path = Encoding.UTF8.GetString(names[..end]);
            names = names[(end + 1)..];
            Files.Add(new CoreFileEntry(
                BinaryPrimitives.ReadUInt64LittleEndian(entry),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]) * pageSize,
                path.EndsWith(" (deleted)", StringComparison.Ordinal) ? path[..^10] : path));
        }
    }

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static long Align4(uint value) => (value + 3L) & ~3L;
}
