using CrmActors.Scoring;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>The least amount a money field accepts.</summary>
public enum MoneyMinimum
{
    /// <summary>A balance: 0 and up.</summary>
    Zero,

    /// <summary>An amount: a positive sum, so at least the smallest money step (one cent).</summary>
    OneStep,
}

/// <summary>Money (<see cref="LedgerDomain.IsMoney"/>): CNY as a JSON number, at most
/// <see cref="LedgerDomain.MoneyDecimals"/> decimals, up to <see cref="LedgerDomain.MaxMoney"/>.</summary>
public sealed class DomainMoneyAttribute(MoneyMinimum minimum) : DomainAttribute
{
    public static decimal MoneyStep => Step(LedgerDomain.MoneyDecimals);

    public decimal Minimum => minimum == MoneyMinimum.OneStep ? MoneyStep : 0m;

    protected override void Apply(OpenApiSchema schema)
    {
        Decimal(schema, Minimum, LedgerDomain.MaxMoney, MoneyStep);
        Describe(schema, $"CNY, {Number(Minimum)} to {Number(LedgerDomain.MaxMoney)} with at most {LedgerDomain.MoneyDecimals} " +
            "decimals, read exactly from the JSON text (a value outside, such as 1e24 or 0.001, is refused, not rounded).");
    }

    /// <summary>An exact decimal in [min, max] in steps of <paramref name="step"/>: type number (a string holding a number is
    /// refused), format decimal (not a binary double).</summary>
    internal static void Decimal(OpenApiSchema schema, decimal min, decimal max, decimal step)
    {
        schema.Type = JsonSchemaType.Number | (schema.Type & JsonSchemaType.Null);
        schema.Format = DeclaredDomainTransformer.DecimalFormat;
        schema.Pattern = null;
        schema.Minimum = Number(min);
        schema.Maximum = Number(max);
        schema.MultipleOf = step;
    }
}

/// <summary>A fee share (<see cref="LedgerDomain.IsFeeShare"/>): a fraction in [0, 1] with at most
/// <see cref="LedgerDomain.FeeShareDecimals"/> decimals; absent means 1 (contract).</summary>
public sealed class DomainFeeShareAttribute : DomainAttribute
{
    public static decimal ShareStep => Step(LedgerDomain.FeeShareDecimals);

    protected override void Apply(OpenApiSchema schema)
    {
        DomainMoneyAttribute.Decimal(schema, 0m, 1m, ShareStep);
        schema.Default = 1;
        Describe(schema, $"The share of the amount that counts, 0 to 1 with at most {LedgerDomain.FeeShareDecimals} decimals; default 1.");
    }
}

/// <summary>A count or sequence number that is never negative.</summary>
public sealed class DomainCountAttribute(string text) : DomainAttribute
{
    protected override void Apply(OpenApiSchema schema)
    {
        schema.Minimum = "0";
        Describe(schema, text);
    }
}
