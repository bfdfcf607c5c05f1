using CrmActors.Silo;
using Microsoft.Extensions.Hosting;

// A standalone silo host. The embedded default co-hosts the silo inside the API process instead (src/Api).
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseEmbeddedDefaults());
await builder.Build().RunAsync();
