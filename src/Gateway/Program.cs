using Backtrace.Gateway.Hosting;

// Embedded mode: silo, storage and gateway in one process (README.md, "The two commands").
var builder = WebApplication.CreateBuilder(args);
builder.AddBacktraceEmbeddedHost(args);
builder.AddBacktraceGateway();

var app = builder.Build();
app.UseBacktraceGateway();
app.MapBacktraceApis();
app.Run();

/// <summary>The entry point, public so that tests can host the application in process.</summary>
public partial class Program;
