using CrmActors.Api.Auth;
using CrmActors.Api.Hosting;
using CrmActors.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Api.Tests.Security;

/// <summary>Issue 9, item 7: the API refuses to start in a durable mode outside Development on trial configuration,
/// with a message naming every problem; in Development it starts and logs each as a warning.</summary>
public sealed class ProductionStartupTests
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none";

    [Theory]
    [InlineData(null, null, null, "Auth:SigningKey is missing")]
    [InlineData("too-short-0123456789", null, null, "Auth:SigningKey is shorter than 32")]
    [InlineData("CHANGE-ME-TO-48-RANDOM-BYTES-BASE64-CHANGE-ME-CHANGE-ME", null, null, "Auth:SigningKey contains \"change\"")]
    [InlineData(ProductionConfigurationTests.GoodKey, "CHANGE-ME", null, "Auth:IngestApiKeys:0:Key (cards) contains \"change\"")]
    [InlineData(ProductionConfigurationTests.GoodKey, null, "true", "Hosting:Demo is true")]
    public void The_real_api_in_client_mode_and_the_production_environment_refuses_to_start(
        string? signingKey, string? ingestKey, string? demo, string expected)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Production);
            b.UseSetting(HostingInfo.ModeKey, nameof(HostingMode.Client));
            b.UseSetting(DurableHosting.ConnectionStringKey, NoDatabase);
            if (signingKey is not null) b.UseSetting(ProductionConfiguration.SigningKeyKey, signingKey);
            if (ingestKey is not null)
            {
                b.UseSetting(ProductionConfiguration.IngestApiKeysKey + ":0:Producer", "cards");
                b.UseSetting(ProductionConfiguration.IngestApiKeysKey + ":0:Key", ingestKey);
            }
            if (demo is not null) b.UseSetting(HostingInfo.DemoKey, demo);
        });

        var refused = Assert.ThrowsAny<Exception>(() => factory.Server);

        var messages = string.Join(" | ", Chain(refused).Select(e => e.Message));
        Assert.Contains("refuses to start", messages);
        Assert.Contains(expected, messages);
    }

    [Fact]
    public void In_development_the_same_configuration_starts_with_a_warning_per_problem()
    {
        var (app, log) = Build(Environments.Development);

        ProductionConfiguration.Enforce(app);

        Assert.Equal(3, log.Warnings.Count);
        Assert.Contains(log.Warnings, w => w.Contains(ProductionConfiguration.SigningKeyKey));
        Assert.Contains(log.Warnings, w => w.Contains(ProductionConfiguration.IngestApiKeysKey + ":0"));
        Assert.Contains(log.Warnings, w => w.Contains(HostingInfo.DemoKey));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Any_environment_but_development_refuses(string environment)
    {
        var (app, _) = Build(environment);
        var refused = Assert.Throws<InvalidOperationException>(() => ProductionConfiguration.Enforce(app));
        Assert.Contains($"Postgres mode in the {environment} environment", refused.Message);
    }

    /// <summary>A bare application in Postgres mode with a placeholder signing key, a placeholder ingest key and demo
    /// identities requested.</summary>
    private static (WebApplication App, Captured Log) Build(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var log = new Captured();
        builder.Logging.ClearProviders().AddProvider(log);
        builder.Services.AddSingleton(new HostingInfo(HostingMode.Postgres, DemoRequested: true));
        builder.Services.Configure<AuthOptions>(o =>
        {
            o.SigningKey = "change-me-change-me-change-me-change-me";
            o.IngestApiKeys = [new IngestApiKey { Producer = DemoIdentities.Producer, Key = DemoIdentities.IngestApiKey }];
        });
        return (builder.Build(), log);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }

    private sealed class Captured : ILoggerProvider
    {
        public List<string> Warnings { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(Captured owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel == LogLevel.Warning) lock (owner.Warnings) owner.Warnings.Add(formatter(state, exception));
            }
        }
    }
}
