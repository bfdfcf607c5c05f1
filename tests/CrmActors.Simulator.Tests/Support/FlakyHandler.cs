using System.Collections.Concurrent;
using System.Net;

namespace CrmActors.Simulator.Tests.Support;

/// <summary>Between the sender and the engine: records every request body, and for the attempts it is told to, lets
/// the request reach the engine (which applies it) and then answers the sender as if the engine had failed — a
/// <c>503</c> with <c>Retry-After</c>, or a dropped connection — the case where only a byte-identical retry keeps the
/// count right.</summary>
public sealed class FlakyHandler(Func<int, FlakyHandler.Fault> faultOfAttempt) : DelegatingHandler
{
    public enum Fault { None, UnavailableAfterApplying, UnavailableBeforeApplying, ConnectionLostAfterApplying }

    private int _attempts;

    public ConcurrentQueue<(int Attempt, byte[] Body, Fault Fault)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int attempt = Interlocked.Increment(ref _attempts);
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var fault = faultOfAttempt(attempt);
        Requests.Enqueue((attempt, body, fault));
        if (fault == Fault.UnavailableBeforeApplying) return Unavailable();
        var forwarded = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
        foreach (var h in request.Headers) forwarded.Headers.TryAddWithoutValidation(h.Key, h.Value);
        if (request.Content is not null)
            foreach (var h in request.Content.Headers) forwarded.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        var response = await base.SendAsync(forwarded, cancellationToken);
        switch (fault)
        {
            case Fault.UnavailableAfterApplying:
                response.Dispose();
                return Unavailable();
            case Fault.ConnectionLostAfterApplying:
                response.Dispose();
                throw new HttpRequestException("The connection was reset (injected by the test).");
            default:
                return response;
        }
    }

    private static HttpResponseMessage Unavailable()
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        return response;
    }
}
