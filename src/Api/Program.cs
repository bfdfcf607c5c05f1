using CrmActors.Api.Admin;
using CrmActors.Api.Auth;
using CrmActors.Api.Customers;
using CrmActors.Api.Health;
using CrmActors.Api.Hosting;
using CrmActors.Api.Ingest;
using CrmActors.Api.Json;
using CrmActors.Api.Metrics;
using CrmActors.Api.Rules;
using CrmActors.Api.OpenApi;
using CrmActors.Api.Outlook;
using CrmActors.Api.Screens;
using CrmActors.Api.Security;
using CrmActors.Scoring;
using CrmActors.Silo;
using Orleans.Dashboard;
using Microsoft.Extensions.DependencyInjection.Extensions;

if (args is [PasswordHashCommand.Name, ..]) return PasswordHashCommand.Run(Console.In, Console.Out);

var builder = WebApplication.CreateBuilder(args);
var hosting = HostingInfo.From(builder.Configuration);
builder.Services.AddSingleton(hosting);
if (hosting.IsEmbedded) builder.UseEmbeddedHosting();
else builder.UseDurableHosting(hosting);

// The business clock and the star model's configuration; TryAdd so tests (and the grains' own registration) agree.
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.TryAddSingleton(StarModelOptions.Default);

builder.Services.AddContractJson();
builder.Services.AddCrmAuth(builder.Configuration);
builder.Services.AddCrmSecurity(builder.Configuration); // sign-in rate limits, cookie anti-forgery
builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section));
builder.Services.AddSingleton<BankTime>();
builder.Services.AddCrmHealthChecks(builder.Configuration);
builder.Services.AddCrmMetrics(builder.Configuration); // /metrics; traces when configured
builder.Services.AddScreens(builder.Configuration); // staff screens: hub, fan-out, desk/portfolio endpoints
builder.Services.AddCrmOpenApi(); // /openapi/v1.json with the declared domain (src/Api/OpenApi)

var app = builder.Build();

// Fail at startup, not at the first sign-in, on a broken Auth section.
ProductionConfiguration.Enforce(app); // durable modes: no placeholder secrets or demo identities outside Development
app.Services.GetRequiredService<StaffDirectory>();
app.Services.GetRequiredService<SigningKey>();

app.UseScreenPages(); // public pages and scripts (no data in them), before authentication
app.UseAuthentication();
app.UseAuthorization();
app.UseCrmSecurity();

app.MapOpenApi(); // /openapi/v1.json
app.MapHealthEndpoints();
app.MapCrmMetrics();
app.MapTokenEndpoint();
app.MapEventsEndpoint();
app.MapCustomerEndpoints();
app.MapOutlookEndpoints();
app.MapDeadLetterEndpoints();
app.MapRuleSetEndpoints(); // rule set versions, shadow impact (issue 12)
if (DashboardSetup.Enabled(app.Configuration, hosting.IsEmbedded)) // Orleans' dashboard, admins only
    app.MapOrleansDashboard(DashboardSetup.Path).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
app.MapScreens(); // /hubs/frontdesk and the screens' endpoints

StartupBanner.Register(app);
await app.RunAsync();
return 0;

/// <summary>Public so tests can host the real application with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
