using CrmActors.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// A standalone silo of a durable cluster (deploy/): PostgreSQL from Postgres:ConnectionString (or env CRM_PG),
// ports from Orleans:SiloPort / Orleans:GatewayPort, /metrics on Metrics:Port. API nodes connect to it as Orleans clients.
var builder = Host.CreateApplicationBuilder(args);
string connectionString = builder.Configuration["Postgres:ConnectionString"]
    ?? Environment.GetEnvironmentVariable("CRM_PG")
    ?? throw new InvalidOperationException("Set Postgres:ConnectionString (or CRM_PG): a standalone silo is always durable.");
int siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
int gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
builder.UseOrleans(silo => silo.UseDurableDefaults(connectionString, siloPort, gatewayPort));
builder.Services.AddCrmTelemetry(builder.Configuration);
builder.Services.AddSiloMetricsListener(builder.Configuration);
await builder.Build().RunAsync();

/// <summary>Internal: the API's public Program is the one its tests host (ASP.NET Core would make this one public too,
/// as the dashboard package brings the ASP.NET Core framework into this project).</summary>
internal partial class Program;
