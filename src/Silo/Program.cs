using Backtrace.Cluster;
using Backtrace.Cluster.Membership;
using Backtrace.Hosting;
using Backtrace.Hosting.Startup;
using Backtrace.ServiceDefaults;
using Backtrace.Silo;

// `migrate`: bring the cluster's PostgreSQL schema up to date and exit (docs/operations.md).
if (args is ["migrate", ..])
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
    return await SchemaMigrationCommand.RunAsync(configuration, Console.Out);
}

// Settings that fail validation stop the silo with `error:` lines and exit code 2, as they stop the gateway.
return await StartupFailure.ReportInvalidSettingsAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddBacktraceServiceDefaults("backtrace-silo");
    EagerValidation.GrainSettings(builder.Configuration);
    // Health and readiness are served over HTTP; without a configured address, on a free loopback port.
    if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
    }

    if (ClusterModeConfiguration.IsSelected(builder.Configuration))
    {
        builder.UseOrleans(orleans => orleans
            .AddBacktraceClusterMode(builder.Configuration)
            .AddBacktraceGrains());
    }
    else
    {
        var silo = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        builder.UseOrleans(orleans => orleans
            .UseBacktraceLocalhostClustering(silo.SiloPort, silo.GatewayPort)
            .AddBacktraceGrains()
            .AddActivityPropagation());
        builder.Services.AddBacktraceEmbeddedStorage(Path.GetFullPath(silo.DataDirectory));
    }

    var app = builder.Build();
    app.MapBacktraceHealthEndpoints();
    await app.RunAsync();
});
