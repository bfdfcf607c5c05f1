using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmActors.Api.Tests.Support;

/// <summary>The calls tests make, returning status and parsed JSON.</summary>
public static class Http
{
    public sealed record Reply(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)
    {
        /// <summary>The "field" of every entry in an <c>errors</c> list.</summary>
        public IReadOnlyList<string> ErrorFields => Json.GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString()!).ToList();

        public override string ToString() => $"{(int)Status} {Json}";
    }

    public static Task<Reply> PostEvents(this HttpClient client, params JsonNode[] events) =>
        client.PostJson("/api/v1/events", Ev.Batch(events).ToJsonString());

    public static async Task<Reply> PostJson(this HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return await ReadAsync(response);
    }

    public static async Task<Reply> Get(this HttpClient client, string path) => await ReadAsync(await client.GetAsync(path));

    public static async Task<Reply> Delete(this HttpClient client, string path) => await ReadAsync(await client.DeleteAsync(path));

    public static Task<Reply> GetCustomer(this HttpClient client, string customerId) =>
        client.Get($"/api/v1/customers/{Uri.EscapeDataString(customerId)}");

    private static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart() is ['{' or '[', ..]
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new Reply(response.StatusCode, json, response);
    }

    public static decimal Dec(this JsonElement e, string property) => e.GetProperty(property).GetDecimal();

    public static string? Str(this JsonElement e, string property) => e.GetProperty(property).GetString();
}
