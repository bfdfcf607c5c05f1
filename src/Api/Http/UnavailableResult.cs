namespace CrmActors.Api.Http;

/// <summary>Contract: 503 with Retry-After when the engine cannot make a change durable now (nothing applied; the
/// caller retries).</summary>
public sealed class UnavailableResult(int retryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
