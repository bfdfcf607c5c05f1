using System.Globalization;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>A field's declared domain (docs/architecture.md, "The declared domain") as JSON Schema keywords, so that
/// <c>/openapi/v1.json</c> tells a generated client what the engine refuses with a 400. Put on the OpenAPI-only body
/// types; the response views get theirs from <see cref="ViewDomains"/>. <see cref="DeclaredDomainTransformer"/>
/// applies it to the property's schema. Every figure comes from the C# constants the validation uses.</summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class DomainAttribute : Attribute
{
    /// <summary>What the field means, said before its domain.</summary>
    public string? About { get; set; }

    /// <summary>Writes the domain into the property's schema.</summary>
    public void ApplyTo(OpenApiSchema schema)
    {
        if (About is not null) Describe(schema, About);
        Apply(schema);
    }

    protected abstract void Apply(OpenApiSchema schema);

    /// <summary>The text appended to what the schema already says.</summary>
    protected static void Describe(OpenApiSchema schema, string text) =>
        schema.Description = string.IsNullOrEmpty(schema.Description) ? text : $"{schema.Description} {text}";

    /// <summary>A bound as JSON Schema writes it: the exact decimal, never a binary double.</summary>
    protected static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The smallest step of a number with <paramref name="decimals"/> decimals: 0.01 for two.</summary>
    public static decimal Step(int decimals)
    {
        decimal step = 1m;
        for (int i = 0; i < decimals; i++) step /= 10m;
        return step;
    }
}

/// <summary>Only a description: a field whose domain is its type, with a word on what it means.</summary>
public sealed class DomainDescriptionAttribute : DomainAttribute
{
    protected override void Apply(OpenApiSchema schema) { }
}
