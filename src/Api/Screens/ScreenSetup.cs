using System.Text.Json;
using System.Text.Json.Serialization;
using CrmActors.Api.Security;
using CrmActors.Grains.Desks;
using CrmActors.Grains.Outlook;
using Microsoft.Extensions.FileProviders;

namespace CrmActors.Api.Screens;

/// <summary>The staff screens: pages (wwwroot), the SignalR hub and its per-node fan-out, and their endpoints.
/// Three hooks in Program.cs: <see cref="AddScreens"/>, <see cref="UseScreenPages"/>, <see cref="MapScreens"/>.</summary>
public static class ScreenSetup
{
    public static IServiceCollection AddScreens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeskOptions>().Bind(configuration.GetSection(DeskOptions.Section));
        services.AddOptions<OutlookOptions>().Bind(configuration.GetSection(OutlookOptions.Section));
        services.AddSignalR(o =>
            {
                o.KeepAliveInterval = TimeSpan.FromSeconds(10);
                o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            });
        services.AddSingleton<ScreenConnections>();
        services.AddSingleton<ScreenFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<ScreenFanout>());
        return services;
    }

    /// <summary>The pages and their scripts are public files (they hold no data; every datum comes from an
    /// authenticated endpoint or the hub). <c>/</c> is the sign-in page. Served from the content root's wwwroot when it
    /// is there (a run from the project directory, tests), else from the copy beside the binaries.</summary>
    public static WebApplication UseScreenPages(this WebApplication app)
    {
        var files = PagesProvider(app.Environment);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    public static WebApplication MapScreens(this WebApplication app)
    {
        app.MapHub<FrontDeskHub>(FrontDeskHub.Path);
        app.MapScreenEndpoints();
        app.MapAntiforgeryTokenEndpoint(); // the token the pages send on their writes
        return app;
    }

    private static IFileProvider PagesProvider(IWebHostEnvironment environment)
    {
        foreach (var root in new[] { Path.Combine(environment.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot") })
            if (File.Exists(Path.Combine(root, "index.html"))) return new PhysicalFileProvider(root);
        return environment.WebRootFileProvider;
    }
}
