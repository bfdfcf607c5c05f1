using System.Net;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Api.Tests.Support;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Extensions" (poison changes): a change its customer cannot apply is set aside and listed for
/// admins, the customer goes on. The API refuses such a change at the door, so the test journals it directly, as a
/// writer outside the API (or a future bug) could.</summary>
[Collection(ApiCollection.Name)]
public sealed class DeadLetterTests(CrmApiFactory api)
{
    [Fact]
    public async Task A_change_the_ledger_refuses_is_listed_for_admins_and_the_customer_goes_on()
    {
        var customer = Ev.NewId("c");
        var now = api.Clock.GetUtcNow();
        var poison = new BalanceEvent
        {
            CustomerId = customer, Producer = "outside", ChangeId = "huge", OccurredAt = now.AddDays(-2),
            AccountId = "A", Indicator = BalanceIndicator.ShortTermAssets, Balance = LedgerDomain.MaxMoney * 1_000m,
        };
        await api.Services.GetRequiredService<IJournal>().AppendAsync([poison], default);
        await api.WithApiKey().PostEvents(Ev.Fee(customer, now.AddDays(-1), "cardSpending", 1_000m));   // settles both

        var admin = await api.AsStaff("admin");
        var listed = await admin.Get("/api/v1/admin/dead-letters?limit=1000");
        var customerRead = await admin.GetCustomer(customer);

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var letter = Assert.Single(listed.Json.GetProperty("deadLetters").EnumerateArray(), l => l.Str("customerId") == customer);
        Assert.Equal(("outside", "huge", "BalanceEvent"), (letter.Str("producer"), letter.Str("changeId"), letter.Str("kind")));
        Assert.Contains("balance", letter.Str("reason"));
        Assert.True(listed.Json.GetProperty("total").GetInt64() >= 1);
        Assert.Equal(40.00m, customerRead.Json.Dec("points"));                       // the fee applied, the poison not
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b001")).Get("/api/v1/admin/dead-letters")).Status);
    }
}
