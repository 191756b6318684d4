using Backtrace.Hydra.Cli;
using Backtrace.Hydra.Loading;
using Backtrace.Hydra.Sources;
using Backtrace.Hydra.Views;
using Backtrace.Snapshots.Model;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace Backtrace.Hydra;

/// <summary>Loads the snapshot the settings name and runs the viewer on the terminal until the user quits.</summary>
public static class HydraApp
{
    /// <summary>Runs hydra; returns when the user quits.</summary>
    /// <exception cref="HydraException">The snapshot cannot be loaded, or there is no terminal to draw on.</exception>
    public static ReturnCode Run(HydraSettings settings)
    {
        // Load first: a bad file or an unreachable server is reported on a normal terminal, not inside the UI.
        var (snapshot, origin) = Load(settings);
        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            throw new HydraException("hydra is interactive and needs a terminal: standard input and output must not be redirected");
        }

        var sources = new SourceFiles(settings.SourceMap, Environment.CurrentDirectory);

        // Ask the kernel for the window size (TIOCGWINSZ, which sshd and tmux keep current) rather than sending
        // the terminal a CSI 18t query every half second: the replies share stdin with the user's keys, and under
        // load a key typed while a reply is being parsed was seen to be lost.
        Driver.SizeDetection = SizeDetectionMode.Polling;
        using var app = Application.Create().Init();
        using var window = new HydraWindow(snapshot, sources, new HydraTheme(settings.Monochrome), origin);
        app.Run(window);
        return ReturnCode.Success;
    }

    private static (Snapshot Snapshot, string Origin) Load(HydraSettings settings)
    {
        if (settings.Server is { } request)
        {
            var fetched = new SnapshotServerClient().FetchAsync(request, settings.Limits).GetAwaiter().GetResult();
            return (fetched, $"{request.Project}/{request.SnapshotId}");
        }

        var file = settings.File!;
        return (SnapshotFileLoader.Load(file, settings.Limits), Path.GetFileName(file));
    }
}
