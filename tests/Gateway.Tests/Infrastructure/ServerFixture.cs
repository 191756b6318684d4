namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>
/// One server shared by the tests of <see cref="SharedServerCollection"/>, on its own temporary data directory.
/// Body limits are set low (1 MiB on the wire, 2 MiB decompressed, attachments of 512 KiB, 5 of them) so that the
/// over-limit cases stay quick.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 1024 * 1024;
    public const long MaxDecompressedBytes = 2 * 1024 * 1024;
    public const long MaxAttachmentBytes = 512 * 1024;
    public const int MaxAttachments = 5;

    internal ServerProcess Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Project => Server.Options.Project;

    /// <summary>Submit+read token of <see cref="Project"/>.</summary>
    public string Token => Server.Options.Token;

    public string AdminToken => Server.Options.AdminToken;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(new ServerOptions
        {
            DataDirectory = ServerOptions.NewDataDirectory(),
            Settings = new Dictionary<string, string>
            {
                ["Backtrace:Ingest:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Backtrace:Ingest:MaxDecompressedBytes"] = MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Backtrace:Ingest:MaxAttachmentBytes"] = MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Backtrace:Ingest:MaxAttachments"] = MaxAttachments.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Server.Options.DataDirectory, recursive: true);
    }
}
