using CrmActors.Api.Domain;
using CrmActors.Api.Json;
using CrmActors.Scoring;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>A business time (<see cref="FieldDomain.TimeRange"/>): ISO-8601 with an offset, from
/// <see cref="LedgerDomain.EarliestTime"/> to <see cref="LedgerDomain.MaxFutureSkew"/> after the engine's clock. The upper
/// bound moves with the clock, so JSON Schema cannot hold it: the description says it.</summary>
public sealed class DomainBusinessTimeAttribute : DomainAttribute
{
    protected override void Apply(OpenApiSchema schema)
    {
        schema.Format = "date-time";
        Describe(schema, $"{Time}; from {LedgerDomain.EarliestTime:yyyy-MM-dd'T'HH:mm'Z'} to " +
            $"{LedgerDomain.MaxFutureSkew.TotalMinutes:0} minutes after the engine's clock.");
    }

    /// <summary>What the engine answers for a time it cannot read, as a sentence: "Must be an ISO-8601 time with an offset, …".</summary>
    internal static string Time => char.ToUpperInvariant(ContractTime.Expected[0]) + ContractTime.Expected[1..];
}

/// <summary>A manual star's expiry (<see cref="Customers.ManualStarRequest"/>): in the future, before
/// <see cref="FieldDomain.LatestExpiry"/>; absent or null means until cleared.</summary>
public sealed class DomainExpiryAttribute : DomainAttribute
{
    protected override void Apply(OpenApiSchema schema)
    {
        schema.Format = "date-time";
        Describe(schema, $"{DomainBusinessTimeAttribute.Time}; in the future and before " +
            $"{FieldDomain.LatestExpiry:yyyy-MM-dd}. Absent or null: the setting stays until cleared.");
    }
}
