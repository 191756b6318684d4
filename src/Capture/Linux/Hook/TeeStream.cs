namespace Backtrace.Capture.Linux.Hook;

/// <summary>
/// A write-only stream that copies to several sinks (a kept core file, a chained handler's stdin). A sink
/// that fails (the chained handler exited, the disk filled) is dropped and noted; the others go on,
/// because the crash handler must never fail the capture for a side copy.
/// </summary>
public sealed class TeeStream(IReadOnlyList<(string Name, Stream Sink)> sinks) : Stream
{
    private readonly List<(string Name, Stream Sink)> _sinks = [.. sinks];

    /// <summary>Why sinks were dropped.</summary>
    public List<string> Failures { get; } = [];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        for (var i = _sinks.Count - 1; i >= 0; i--)
        {
            try
            {
                _sinks[i].Sink.Write(buffer);
            }
            catch (IOException e)
            {
                Failures.Add($"{_sinks[i].Name}: {e.Message}");
                _sinks[i].Sink.Dispose();
                _sinks.RemoveAt(i);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, sink) in _sinks)
            {
                try
                {
                    sink.Dispose();
                }
                catch (IOException)
                {
                    // A chained handler that already exited: nothing more to give it.
                }
            }

            _sinks.Clear();
        }

        base.Dispose(disposing);
    }
}
