using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>Writes the declared domain into every schema the generator makes: a property's <see cref="DomainAttribute"/>
/// (in place, or from <see cref="ViewDomains"/>), numbers as numbers, decimals as exact, enums as strings.</summary>
public sealed class DeclaredDomainTransformer : IOpenApiSchemaTransformer
{
    /// <summary>OpenAPI's format registry name of an exact decimal: a client should not read money into a binary double.</summary>
    public const string DecimalFormat = "decimal";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        NumbersAreNumbers(schema, type);
        if (type.IsEnum && schema.Enum is { Count: > 0 } values)
            schema.Type = JsonSchemaType.String | (values.Any(v => v is null) ? JsonSchemaType.Null : 0);
        if (context.JsonPropertyInfo?.AttributeProvider is MemberInfo member)
            foreach (var domain in DomainsOf(member)) domain.ApplyTo(schema);
        return Task.CompletedTask;
    }

    /// <summary>The web defaults let a number be read from a JSON string, so the generator writes every number as
    /// "number or a numeric string". The engine writes numbers and its own readers take numbers only (a money string is a
    /// 400), so the document says number.</summary>
    private static void NumbersAreNumbers(OpenApiSchema schema, Type type)
    {
        if (schema.Type is not { } t || (t & (JsonSchemaType.Number | JsonSchemaType.Integer)) == 0 || (t & JsonSchemaType.String) == 0)
            return;
        schema.Type = t & ~JsonSchemaType.String;
        schema.Pattern = null;
        if (type == typeof(decimal)) schema.Format = DecimalFormat;
    }

    private static IEnumerable<DomainAttribute> DomainsOf(MemberInfo member)
    {
        var inPlace = member.GetCustomAttributes<DomainAttribute>(inherit: true).ToList();
        if (inPlace.Count > 0) return inPlace;
        return member.DeclaringType is { } owner && ViewDomains.Of(owner, member.Name) is { } view ? [view] : [];
    }
}
