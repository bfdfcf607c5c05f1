using CrmActors.Scoring;

namespace CrmActors.Api.Customers;

/// <summary>Shows instants in bank time (star-model §2: Asia/Shanghai, +08:00), as the contract's <c>asOf</c> does.</summary>
public sealed class BankTime(StarModelOptions options)
{
    public DateTimeOffset From(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, options.BankTimeZone);

    public DateTimeOffset? From(DateTimeOffset? instant) => instant is { } i ? From(i) : null;
}
