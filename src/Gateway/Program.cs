using Backtrace.Gateway.Hosting;

// Embedded mode: silo, storage and gateway in one process (README.md, "The two commands").
return await StartupFailure.ReportInvalidSettingsAsync(async () =>
{
    // appsettings.json is read from beside the binary, whatever the current directory (which the data directory is relative to).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddBacktraceEmbeddedHost(args);
    builder.AddBacktraceGateway();

    var app = builder.Build();
    app.UseBacktraceGateway();
    app.MapBacktraceApis();
    await app.RunAsync();
});

/// <summary>The entry point, public so that tests can host the application in process.</summary>
public partial class Program;
