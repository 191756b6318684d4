using Xunit;

namespace Backtrace.LocalServices;

/// <summary>An xUnit fixture owning an <see cref="AzuriteServer"/> for the tests of one class or collection.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>The running emulator.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException("The Azurite fixture has not started.");

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
