using System.Net;
using System.Text.Json;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.OpenApi;

/// <summary>The OpenAPI document as the real host serves it (it needs a caller identity; any will do).</summary>
public static class OpenApiDocument
{
    public const string Path = "/openapi/v1.json";

    public static async Task<string> TextAsync(CrmApiFactory api)
    {
        using var response = await (await api.AsStaff("admin")).GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonElement> JsonAsync(CrmApiFactory api) =>
        JsonDocument.Parse(await TextAsync(api)).RootElement.Clone();

    public static JsonElement Schema(this JsonElement document, string name) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    public static JsonElement Property(this JsonElement schema, string name) =>
        schema.GetProperty("properties").GetProperty(name);

    /// <summary>The schema a <c>$ref</c> names.</summary>
    public static JsonElement Resolve(this JsonElement document, JsonElement reference) =>
        document.Schema(RefName(reference.GetProperty("$ref").GetString()!));

    public static string RefName(string reference) => reference[(reference.LastIndexOf('/') + 1)..];

    public static IReadOnlyList<string> Strings(this JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static decimal Number(this JsonElement schema, string keyword) => schema.GetProperty(keyword).GetDecimal();
}
