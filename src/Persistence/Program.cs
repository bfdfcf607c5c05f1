using CrmActors.Persistence;
using Microsoft.Extensions.Logging;

// Applies the schema by hand (silos built with UsePostgres also apply it at start-up):
//   dotnet run --project src/Persistence -- apply ["<connection string>"]      (default: $CRM_PG)
//   dotnet run --project src/Persistence -- list                              (the embedded scripts)
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "apply":
    {
        var connectionString = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("CRM_PG");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("No connection string: pass one or set CRM_PG.");
            return 2;
        }
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var result = await SchemaMigrator.ApplyAsync(connectionString, loggers.CreateLogger("CrmActors.Schema"));
        Console.WriteLine(result.Applied.Count == 0
            ? $"Schema already at version {result.CurrentVersion}."
            : $"Applied {string.Join(", ", result.Applied)}; schema at version {result.CurrentVersion}.");
        return 0;
    }
    case "list":
        foreach (var script in SchemaScript.All)
            Console.WriteLine($"{script.Version:D3} {script.Name} {script.Checksum}");
        return 0;
    default:
        Console.Error.WriteLine("usage: CrmActors.Persistence apply [connection-string] | list");
        return 2;
}
