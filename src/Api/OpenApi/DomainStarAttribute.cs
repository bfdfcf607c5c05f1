using System.Text.Json.Nodes;
using CrmActors.Scoring;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>A star as the contract writes it (<see cref="StarScale.ToWire"/>): <c>unrated</c>, <c>quasi</c>, <c>3</c> …
/// <c>7</c> — strings, not an enum type on the wire, so the generator cannot know the values.</summary>
public sealed class DomainStarAttribute : DomainAttribute
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<Star>().Select(s => s.ToWire())];

    protected override void Apply(OpenApiSchema schema)
    {
        var nullable = schema.Type & JsonSchemaType.Null;
        schema.Type = JsonSchemaType.String | nullable;
        schema.Enum = [.. Names.Select(n => (JsonNode)n)];
        if (nullable != 0) schema.Enum.Add(null!);
    }
}
