using System.Net;
using System.Text.Json.Nodes;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.OpenApi;

/// <summary>The document's event schemas against the engine itself: every field a schema requires is one the engine
/// refuses an event without (400 naming it), every field it leaves optional may be left out, and every field a producer
/// sends is in the schema. So "required" is what EventReader requires, not what someone wrote down.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiAgreesWithReaderTests(CrmApiFactory api)
{
    /// <summary>One event of each type with every field it can have.</summary>
    private JsonObject Full(string type)
    {
        string customer = Ev.NewId("oa");
        var at = api.Clock.GetUtcNow().AddHours(-1);
        return type switch
        {
            "balance" => Ev.Balance(customer, at, "shortTermAssets", 1234.56m),
            "feeBusiness" => Ev.Fee(customer, at, "investment", 10.5m, feeShare: 0.25m, businessCode: "FUND"),
            "product" => Ev.Product(customer, at, "goldCreditCard"),
            "branchVisit" => Ev.Visit(customer, at, "B001", "kiosk"),
            "profile" => Ev.Profile(customer, at, "B001", managerId: "M001", displayName: "张三明"),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no example event of this type"),
        };
    }

    [Theory]
    [InlineData("balance")]
    [InlineData("feeBusiness")]
    [InlineData("product")]
    [InlineData("branchVisit")]
    [InlineData("profile")]
    public async Task Required_and_optional_fields_are_what_the_engine_requires(string type)
    {
        var doc = await OpenApiDocument.JsonAsync(api);
        var union = doc.Schema("EventDocument").GetProperty("discriminator").GetProperty("mapping");
        var schema = doc.Schema(OpenApiDocument.RefName(union.GetProperty(type).GetString()!));
        var required = schema.GetProperty("required").Strings().ToHashSet();
        var described = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var client = api.WithApiKey();

        var full = Full(type);
        Assert.Subset(described, full.Select(p => p.Key).ToHashSet());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostEvents(full)).Status);

        foreach (var field in described)
        {
            var without = Full(type);
            without.Remove(field);
            var reply = await client.PostEvents(without);
            if (required.Contains(field))
            {
                Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{type} without {field}: {reply}");
                Assert.Contains(field, reply.ErrorFields);
            }
            else
                Assert.True(reply.Status == HttpStatusCode.Accepted, $"{type} without the optional {field}: {reply}");
        }
    }
}
