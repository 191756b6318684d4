using System.Diagnostics;

namespace Backtrace.Hydra.Tests.EndToEnd;

/// <summary>
/// A detached tmux server of its own (a private socket) running one command in an 80x24 pane: keys go in with
/// <c>send-keys</c>, the screen comes back with <c>capture-pane -p</c>. The pane stays after the command exits so
/// its exit status can be read.
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    /// <summary>How long a condition on the screen is awaited: generous, because CI runs test assemblies in parallel on two cores.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _socket = $"hydra-e2e-{Guid.NewGuid():N}";
    private readonly string _config;
    private readonly int _pid;
    private readonly string _socketPath;

    public TmuxSession(string command, IReadOnlyDictionary<string, string>? environment = null, int width = 80, int height = 24)
    {
        _config = Path.Combine(Path.GetTempPath(), _socket + ".conf");
        File.WriteAllText(_config, "set -g remain-on-exit on\nset -g status off\n");
        var env = string.Join(' ', (environment ?? new Dictionary<string, string>()).Select(pair => $"{pair.Key}='{pair.Value}'"));
        Tmux("-f", _config, "new-session", "-d", "-x", width.ToString(), "-y", height.ToString(), "-s", "main",
            $"env LANG=C.UTF-8 TERM=xterm-256color {env} {command}");
        _pid = int.Parse(Tmux("display-message", "-p", "-t", "main", "#{pane_pid}").Trim());
        _socketPath = Tmux("display-message", "-p", "-t", "main", "#{socket_path}").Trim();
    }


    /// <summary>The pane's text, one string per row.</summary>
    public string Capture(bool withEscapes = false) =>
        withEscapes ? Tmux("capture-pane", "-p", "-e", "-t", "main") : Tmux("capture-pane", "-p", "-t", "main");

    /// <summary>Sends keys in tmux's notation (<c>j</c>, <c>Enter</c>, <c>Escape</c>, <c>BTab</c>, <c>F10</c>).</summary>
    public void Send(params string[] keys) => Tmux(["send-keys", "-t", "main", .. keys]);

    /// <summary>Sends text literally, character by character.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "main", "-l", text);

    /// <summary>Resizes the window, as a user resizing the terminal would.</summary>
    public void Resize(int width, int height) => Tmux("resize-window", "-t", "main", "-x", width.ToString(), "-y", height.ToString());

    /// <summary>Waits until the screen satisfies <paramref name="condition"/>; fails with the last screen otherwise.</summary>
    public string WaitFor(Func<string, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        var screen = "";
        while (clock.Elapsed < Timeout)
        {
            screen = Capture();
            if (condition(screen))
            {
                return screen;
            }

            Thread.Sleep(50);
        }

        throw new Xunit.Sdk.XunitException($"timed out after {Timeout.TotalSeconds} s waiting for {what}; the screen was:\n{screen}");
    }

    /// <summary>Waits until the screen shows all of <paramref name="texts"/> at once (a screen may be captured mid-draw).</summary>
    public string WaitFor(params string[] texts) =>
        WaitFor(screen => texts.All(text => screen.Contains(text, StringComparison.Ordinal)), string.Join(" and ", texts.Select(t => $"'{t}'")));

    /// <summary>Waits for the command to exit and returns its exit status.</summary>
    public int WaitForExit()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            // Under load tmux can take long to reap its child; the kernel already knows the exit status of the
            // zombie (the last field of /proc/PID/stat), so read it there instead of waiting for tmux.
            if (ZombieExitStatus() is { } zombie)
            {
                return zombie;
            }

            var state = Tmux("display-message", "-p", "-t", "main", "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}").Trim().Split(':');

            // tmux can mark the pane dead (its terminal closed) a moment before it has reaped the process.
            if (state[0] == "1" && (state[1].Length > 0 || state[2].Length > 0))
            {
                return int.TryParse(state[1], out var status)
                    ? status
                    : throw new Xunit.Sdk.XunitException($"the command was killed by signal {state[2]}; the screen was:\n{Capture()}");
            }

            Thread.Sleep(50);
        }

        throw new Xunit.Sdk.XunitException(
            $"the command did not exit within {Timeout.TotalSeconds} s; {DescribeThreads()}; the screen was:\n{Capture()}");
    }

    /// <summary>The exit status of the pane's process once it is a zombie, or null while it runs (or is gone).</summary>
    private int? ZombieExitStatus()
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{_pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) state ...": comm may hold spaces, so fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields[0] != "Z")
        {
            return null;
        }

        var waitStatus = int.Parse(fields[^1]);
        return (waitStatus & 0x7f) == 0
            ? (waitStatus >> 8) & 0xff
            : throw new Xunit.Sdk.XunitException($"the command was killed by signal {waitStatus & 0x7f}; the screen was:\n{Capture()}");
    }

    /// <summary>What the pane's process is blocked in, from /proc, for a failure message.</summary>
    private string DescribeThreads()
    {
        try
        {
            var pid = _pid;
            var threads = Directory.GetDirectories($"/proc/{pid}/task").Select(task =>
                $"{File.ReadAllText(Path.Combine(task, "comm")).Trim()} in {File.ReadAllText(Path.Combine(task, "wchan"))} (syscall {File.ReadAllText(Path.Combine(task, "syscall")).Split(' ')[0].Trim()})");
            var state = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("State:", StringComparison.Ordinal));
            return $"process {pid} {state}, threads: {string.Join(", ", threads)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Xunit.Sdk.XunitException)
        {
            return $"its threads could not be read ({e.Message})";
        }
    }

    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (Xunit.Sdk.XunitException)
        {
            // The server is already gone.
        }

        File.Delete(_config);

        // kill-server leaves the socket file behind; each session has its own, so remove it.
        File.Delete(_socketPath);
    }

    private string Tmux(params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // A test run started inside tmux must still get a server of its own, and box-drawing characters must
        // survive capture-pane whatever locale CI has.
        start.Environment.Remove("TMUX");
        start.Environment["LANG"] = "C.UTF-8";
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill();
            throw new Xunit.Sdk.XunitException($"tmux {string.Join(' ', args)} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"tmux {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}");
        }

        return output.Result;
    }
}
