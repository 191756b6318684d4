using Backtrace.Hosting;
using Backtrace.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var silo = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
builder.UseOrleans(orleans => orleans
    .UseBacktraceLocalhostClustering(silo.SiloPort, silo.GatewayPort)
    .AddBacktraceGrains());
builder.Services.AddBacktraceEmbeddedStorage(Path.GetFullPath(silo.DataDirectory));
await builder.Build().RunAsync();
