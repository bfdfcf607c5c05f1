using System.Net;
using System.Net.Http.Headers;

namespace CrmActors.Simulator.Sending;

/// <summary>When and how long to wait before trying a request again. Retried: <c>503</c> (the contract: the engine
/// could not make the batch durable, nothing applied), <c>502</c>/<c>504</c>/<c>429</c> from anything in between,
/// connection errors and timeouts. Waits what <c>Retry-After</c> says when the answer has one, else an exponential
/// backoff with jitter. Not retried: any other answer (a 400, 409 or 500 would come back the same).</summary>
/// <remarks>Written out rather than taken from Polly: forty lines, and no second Polly version beside the one Orleans
/// brings into a test process that hosts the engine.</remarks>
public sealed record RetryPolicy
{
    public int MaxRetries { get; init; } = 10;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The longest Retry-After honoured as given (a longer one is cut to this).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>An exception that means "the request may not have arrived, or its answer was lost": safe to repeat,
    /// since a repeated event is a duplicate, never a second event.</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellation) => ex switch
    {
        HttpRequestException => true,
        IOException => true,
        TaskCanceledException or OperationCanceledException => !cancellation.IsCancellationRequested, // a timeout
        _ => false,
    };

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan Delay(int retry, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter?.Delta is { } delta) return Clamp(delta, MaxRetryAfter);
        if (retryAfter?.Date is { } date) return Clamp(date - now, MaxRetryAfter);
        double exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 20));
        double capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        // "Equal jitter": half fixed, half random, so concurrent senders that failed together do not retry together.
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan max) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
}
