using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmActors.Api.Json;

public static class JsonSetup
{
    /// <summary>Contract: JSON uses camelCase, enums included (<c>goldCreditCard</c>, <c>ratingDay</c>).
    /// Stars are not enums on the wire ("3" … "7"); views carry them as strings.</summary>
    public static IServiceCollection AddContractJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
}
