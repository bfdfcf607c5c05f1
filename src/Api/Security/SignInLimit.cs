using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Security;

/// <summary>Limits staff sign-in attempts with ASP.NET Core's rate limiter: per user name (one account's password
/// cannot be guessed quickly, from however many addresses) and per client address (one client cannot try many
/// accounts, nor lock out more than a few). Over either limit: 429 with <c>Retry-After</c> in seconds.</summary>
/// <remarks>The limiter runs only in a branch for the endpoints marked <see cref="SignInAttempt"/>, so every other
/// request (ingestion above all) pays nothing for it. The per-address limit sees the TCP peer: behind a reverse proxy
/// that is the proxy, unless forwarded headers are configured (docs/security.md).</remarks>
public static class SignInLimit
{
    /// <summary>Sliding window granularity: attempts age out in sixths of the window.</summary>
    private const int SegmentsPerWindow = 6;

    public static IServiceCollection AddSignInLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignInLimitOptions>().Bind(configuration.GetSection(SignInLimitOptions.Section))
            .Validate(o => !o.Problems().Any(), $"{SignInLimitOptions.Section}: every value must be at least 1.").ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInLimitOptions>>((o, limit) =>
        {
            var options = limit.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Chained: an attempt needs a permit of its address and one of its user name; both are spent either way.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(
                    ClientAddress.Key(context.Connection.RemoteIpAddress), options.PermitsPerClient, options.Window)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(
                    SignInAttempt.Username(context), options.PermitsPerUsername, options.Window)));
            o.OnRejected = (rejected, _) => Reject(rejected, options);
        });
        return services;
    }

    /// <summary>The branch for sign-in endpoints: read the user name, then ask the limiter.</summary>
    public static IApplicationBuilder UseSignInLimit(this IApplicationBuilder app) =>
        app.UseWhen(SignInAttempt.IsSignIn, branch =>
        {
            branch.Use(SignInAttempt.ReadUsernameAsync);
            branch.UseRateLimiter();
        });

    private static RateLimitPartition<string> Partition(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0, // a refused attempt is answered at once, never parked
            AutoReplenishment = true,
        });

    private static ValueTask Reject(OnRejectedContext rejected, SignInLimitOptions options)
    {
        var context = rejected.HttpContext;
        var after = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.Window;
        int seconds = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInLimit)).LogWarning(
            "Sign-in attempt refused (429, retry after {Seconds} s): over the limit for user name {Username} or client {Client}.",
            seconds, SignInAttempt.Username(context), ClientAddress.Key(context.Connection.RemoteIpAddress));
        return ValueTask.CompletedTask;
    }
}
