using System.Globalization;
using System.Reflection;
using CrmActors.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>What every operation of this API shares, written where an endpoint does not say it itself: the 401 and 403
/// of an endpoint that needs a caller identity (contract "Authentication": missing or wrong credentials 401, an
/// identity without the right 403), which credentials it takes (an ingest endpoint the API key, a staff endpoint a
/// bearer token, an anonymous one none — the document's default of "either" would make a client send a key to sign in),
/// and an operationId, which a generated client needs for its method names.</summary>
public sealed class OperationConventions : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (metadata.OfType<IAllowAnonymous>().Any())
            operation.Security = [];
        else if (policies.Count > 0)
        {
            string scheme = policies.Contains(Policies.Ingest) ? AuthSchemes.ApiKey : AuthSchemes.Bearer;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
            operation.Responses ??= new OpenApiResponses();
            Add(operation.Responses, StatusCodes.Status401Unauthorized, "Unauthorized: no or wrong credentials.");
            Add(operation.Responses, StatusCodes.Status403Forbidden, "Forbidden: the caller's role or scope does not allow it.");
        }
        operation.OperationId ??= OperationId(metadata.OfType<MethodInfo>().FirstOrDefault(),
            context.Description.HttpMethod, context.Description.RelativePath);
        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponses responses, int status, string description) =>
        responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse { Description = description });

    /// <summary>The handler's method name (<c>GetAlertLevel</c>); for a lambda, which has no usable name, the HTTP method
    /// and the path's literal segments (<c>PostDesksAlertsAcknowledge</c>).</summary>
    internal static string OperationId(MethodInfo? handler, string? httpMethod, string? path)
    {
        if (handler is not null && handler.Name.All(c => char.IsLetterOrDigit(c) || c == '_')) return handler.Name;
        var words = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.StartsWith('{') && s is not ("api" or "v1"))
            .SelectMany(s => s.Split('-'));
        return Pascal(httpMethod ?? "") + string.Concat(words.Select(Pascal));
    }

    private static string Pascal(string word) =>
        word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();
}
