using System.Text.Json;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CrmActors.Api.Security;

/// <summary>Marks an endpoint as a staff sign-in (<see cref="SignInLimit"/> limits it) and reads the user name a
/// sign-in request names, before the endpoint runs, so the limiter can count attempts per user name.</summary>
public sealed class SignInAttempt
{
    /// <summary>A sign-in body is two short strings; a larger one is refused (413) before it is tried, so padding a
    /// body can neither hide its user name from the limiter nor cost the server a password check.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>Longer user names are keyed by their first this many characters (no staff name is that long; it bounds
    /// what one partition key can cost).</summary>
    public const int MaxUsernameKeyLength = 128;

    private static readonly object ItemKey = new();

    private SignInAttempt() { }

    /// <summary>The endpoint metadata that marks a sign-in.</summary>
    public static SignInAttempt Marker { get; } = new();

    public static bool IsSignIn(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<SignInAttempt>() is not null;

    /// <summary>The user name <see cref="ReadUsernameAsync"/> found: "" when the body names none or is not JSON.</summary>
    public static string Username(HttpContext context) => context.Items[ItemKey] as string ?? "";

    /// <summary>Reads the user name from the JSON body with the application's own JSON options (the endpoint binds the
    /// same body the same way), then rewinds the body for the endpoint.</summary>
    public static async Task ReadUsernameAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.EnableBuffering();
        var buffer = new byte[MaxBodyBytes + 1];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await request.Body.ReadAsync(buffer.AsMemory(read), context.RequestAborted);
            if (n == 0) break;
            read += n;
        }
        if (read > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        request.Body.Position = 0;

        var json = context.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        context.Items[ItemKey] = Parse(buffer.AsSpan(0, read), json);
        await next(context);
    }

    private static string Parse(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        try
        {
            var name = JsonSerializer.Deserialize<NamedBody>(body, options)?.Username ?? "";
            return name.Length > MaxUsernameKeyLength ? name[..MaxUsernameKeyLength] : name;
        }
        catch (JsonException)
        {
            return ""; // the endpoint answers 400; the attempt still counts, under the empty name
        }
    }

    private sealed record NamedBody(string? Username);
}

/// <summary>Marks sign-in endpoints.</summary>
public static class SignInAttemptExtensions
{
    public static RouteHandlerBuilder LimitedAsSignIn(this RouteHandlerBuilder builder) => builder.WithMetadata(SignInAttempt.Marker);
}
