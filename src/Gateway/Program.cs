using Backtrace.Cluster;
using Backtrace.Gateway.Hosting;
using Backtrace.Hosting.Startup;
using Backtrace.ServiceDefaults;

// Embedded mode (the default): silo, storage and gateway in one process (README.md, "The two commands").
// Cluster mode (Backtrace:Mode=Cluster): a client of silos sharing PostgreSQL and Azure Storage (docs/operations.md).
return await StartupFailure.ReportInvalidSettingsAsync(async () =>
{
    // appsettings.json is read from beside the binary, whatever the current directory (which the data directory is relative to).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddBacktraceServiceDefaults("backtrace-gateway");
    if (ClusterModeConfiguration.IsSelected(builder.Configuration))
    {
        builder.AddBacktraceClusterGateway(args);
    }
    else
    {
        builder.AddBacktraceEmbeddedHost(args);
    }
    builder.AddBacktraceGateway();

    var app = builder.Build();
    app.UseBacktraceGateway();
    app.MapBacktraceApis();
    app.MapBacktraceHealthEndpoints();
    await app.RunAsync();
});

/// <summary>The entry point, public so that tests can host the application in process.</summary>
public partial class Program;
