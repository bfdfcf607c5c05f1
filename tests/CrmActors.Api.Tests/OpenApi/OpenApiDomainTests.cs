using CrmActors.Abstractions;
using CrmActors.Api.Customers;
using CrmActors.Api.Domain;
using CrmActors.Api.Ingest;
using CrmActors.Api.Json;
using CrmActors.Api.Tests.Support;
using CrmActors.Scoring;

namespace CrmActors.Api.Tests.OpenApi;

/// <summary>Issue 9: <c>/openapi/v1.json</c> says the declared domain, so a generated client knows it — one schema per
/// event type behind a discriminator, and every bound equal to the C# constant the validation uses.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDomainTests(CrmApiFactory api)
{
    private static readonly string[] Common = ["eventId", "customerId", "occurredAt", "type"];

    [Fact]
    public async Task Events_are_one_schema_per_type_chosen_by_a_discriminator_on_type()
    {
        var doc = await OpenApiDocument.JsonAsync(api);
        var events = doc.Schema("EventBatchDocument").Property("events");
        var union = doc.Resolve(events.GetProperty("items"));

        Assert.False(union.TryGetProperty("anyOf", out _));
        var discriminator = union.GetProperty("discriminator");
        Assert.Equal("type", discriminator.GetProperty("propertyName").GetString());
        var mapping = discriminator.GetProperty("mapping").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString()!);
        Assert.Equal(Enum.GetValues<CustomerEventType>().Select(WireEnum<CustomerEventType>.Name).Order(), mapping.Keys.Order());
        Assert.Equal(mapping.Values.Order(),
            union.GetProperty("oneOf").EnumerateArray().Select(r => r.GetProperty("$ref").GetString()!).Order());
        foreach (var (type, reference) in mapping)
        {
            var schema = doc.Schema(OpenApiDocument.RefName(reference));
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.Subset(schema.GetProperty("required").Strings().ToHashSet(), Common.ToHashSet());
            Assert.Equal([type], schema.Property("type").GetProperty("enum").Strings());
        }
    }

    [Fact]
    public async Task Text_fields_have_the_lengths_and_pattern_of_FieldDomain()
    {
        var doc = await OpenApiDocument.JsonAsync(api);
        (string Schema, string Field, int Max, bool Key)[] texts =
        [
            ("BalanceEventDocument", "eventId", FieldDomain.EventIdMax, false),
            ("ProductEventDocument", "customerId", FieldDomain.CustomerIdMax, true),
            ("BalanceEventDocument", "accountId", FieldDomain.AccountIdMax, false),
            ("FeeBusinessEventDocument", "businessCode", FieldDomain.BusinessCodeMax, false),
            ("BranchVisitEventDocument", "branchId", FieldDomain.BranchIdMax, true),
            ("ProfileEventDocument", "homeBranchId", FieldDomain.BranchIdMax, true),
            ("ProfileEventDocument", "managerId", FieldDomain.ManagerIdMax, true),
            ("ProfileEventDocument", "displayName", FieldDomain.DisplayNameMax, false),
            ("ManualStarDocument", "reason", FieldDomain.ReasonMax, false),
        ];
        foreach (var (schema, field, max, key) in texts)
        {
            var text = doc.Schema(schema).Property(field);
            Assert.Equal((1, max), (text.GetProperty("minLength").GetInt32(), text.GetProperty("maxLength").GetInt32()));
            Assert.Equal(key ? FieldDomain.KeyPattern : FieldDomain.NoControlPattern, text.GetProperty("pattern").GetString());
            Assert.Contains("code points", text.GetProperty("description").GetString());
        }
    }

    [Fact]
    public async Task Numbers_have_the_bounds_and_steps_of_LedgerDomain()
    {
        var doc = await OpenApiDocument.JsonAsync(api);
        decimal cent = Step(LedgerDomain.MoneyDecimals);
        var balance = doc.Schema("BalanceEventDocument").Property("balance");
        var fee = doc.Schema("FeeBusinessEventDocument");
        var amount = fee.Property("amount");
        var share = fee.Property("feeShare");

        Assert.Equal((0m, LedgerDomain.MaxMoney, cent), (balance.Number("minimum"), balance.Number("maximum"), balance.Number("multipleOf")));
        Assert.Equal(1_000_000_000_000m, balance.Number("maximum"));
        Assert.Equal((cent, LedgerDomain.MaxMoney, cent), (amount.Number("minimum"), amount.Number("maximum"), amount.Number("multipleOf")));
        Assert.Equal((0m, 1m, Step(LedgerDomain.FeeShareDecimals)), (share.Number("minimum"), share.Number("maximum"), share.Number("multipleOf")));
        Assert.Equal(0.0001m, share.Number("multipleOf"));
        Assert.All([balance, amount, share], n => Assert.DoesNotContain("string", n.GetProperty("type").ToString()));
    }

    [Fact]
    public async Task Times_enums_and_the_batch_size_are_stated()
    {
        var doc = await OpenApiDocument.JsonAsync(api);
        var events = doc.Schema("EventBatchDocument").Property("events");
        Assert.Equal((1, IngestOptions.MaxEventsPerBatch), (events.GetProperty("minItems").GetInt32(), events.GetProperty("maxItems").GetInt32()));
        Assert.Equal("date-time", doc.Schema("ProfileEventDocument").Property("occurredAt").GetProperty("format").GetString());
        Assert.Contains($"{LedgerDomain.EarliestTime:yyyy-MM-dd}",
            doc.Schema("ProfileEventDocument").Property("occurredAt").GetProperty("description").GetString());

        AssertEnum<BalanceIndicator>(doc, "BalanceEventDocument", "indicator");
        AssertEnum<FeeBusinessType>(doc, "FeeBusinessEventDocument", "business");
        AssertEnum<ProductType>(doc, "ProductEventDocument", "product");
        AssertEnum<ProductAction>(doc, "ProductEventDocument", "action");
        AssertEnum<VisitChannel>(doc, "BranchVisitEventDocument", "channel");

        var manual = doc.Schema(nameof(ManualStarDocument));
        var stars = Enum.GetValues<Star>().Select(s => s.ToWire()).ToList();
        Assert.Equal(stars, manual.Property("star").GetProperty("enum").Strings());
        Assert.Equal(["reason", "star"], manual.GetProperty("required").Strings().Order());
        Assert.Equal("date-time", manual.Property("expiresAt").GetProperty("format").GetString());
        Assert.Equal(stars, doc.Schema(nameof(CustomerView)).Property("serviceStar").GetProperty("enum").Strings());
    }

    [Fact]
    public async Task The_answers_are_described()
    {
        var doc = await OpenApiDocument.JsonAsync(api);
        var paths = doc.GetProperty("paths");
        var ingest = paths.GetProperty("/api/v1/events").GetProperty("post").GetProperty("responses");
        Assert.Equal(nameof(IngestAcceptedResponse), Body(ingest, "202"));
        Assert.Equal(nameof(IngestErrorsResponse), Body(ingest, "400"));
        Assert.Equal(nameof(IngestErrorsResponse), Body(ingest, "409"));
        Assert.Equal(["eventId", "field", "index", "message"], doc.Schema(nameof(IngestError)).GetProperty("required").Strings().Order());
        var history = doc.Schema(Body(paths.GetProperty("/api/v1/customers/{customerId}/history").GetProperty("get").GetProperty("responses"), "200"));
        Assert.Contains("null", history.Property("nextAfter").GetProperty("type").ToString());
        Assert.Equal("DeadLettersView",
            Body(paths.GetProperty("/api/v1/admin/dead-letters").GetProperty("get").GetProperty("responses"), "200"));
    }

    private static string Body(System.Text.Json.JsonElement responses, string status) => OpenApiDocument.RefName(responses
        .GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!);

    private static void AssertEnum<T>(System.Text.Json.JsonElement doc, string schema, string field) where T : struct, Enum
    {
        var values = doc.Resolve(doc.Schema(schema).Property(field)).GetProperty("enum").Strings();
        Assert.Equal(Enum.GetValues<T>().Select(WireEnum<T>.Name), values);
    }

    private static decimal Step(int decimals) => 1m / (decimal)Math.Pow(10, decimals);
}
