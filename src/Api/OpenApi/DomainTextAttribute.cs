using CrmActors.Api.Domain;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>An identifier or free text (<see cref="FieldDomain.Problem"/>): 1 to <paramref name="maxLength"/>
/// characters, no control character, not blank. JSON Schema counts a string's length in code points, as the engine
/// does, so minLength/maxLength say exactly what is accepted; "not blank" has no keyword and is in the description.</summary>
public sealed class DomainTextAttribute(int maxLength) : DomainAttribute
{
    public int MaxLength => maxLength;

    /// <summary>The text names a grain and a path segment (customer, branch, manager): <see cref="FieldDomain.KeyProblem"/>.</summary>
    public bool Key { get; init; }

    protected override void Apply(OpenApiSchema schema)
    {
        schema.MinLength = 1;
        schema.MaxLength = maxLength;
        schema.Pattern = Key ? FieldDomain.KeyPattern : FieldDomain.NoControlPattern;
        Describe(schema, $"1 to {maxLength} characters, counted in Unicode code points (not UTF-16 units); not blank; " +
            "no control character (U+0000–U+001F, U+007F–U+009F) and no line or paragraph separator (U+2028, U+2029)" +
            (Key ? "; an identifier: no '/', '{' or '}', and not '.' or '..'." : "."));
    }
}
