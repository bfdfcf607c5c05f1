using CrmActors.Scoring;

namespace CrmActors.Abstractions.Outlook;

public enum RetentionKind : byte
{
    /// <summary>Assets fell by at least the configured share or amount within one bank day.</summary>
    LargeOutflow = 0,
    /// <summary>The first business after at least the configured number of days without any.</summary>
    DormantActive = 1,
}

/// <summary>A retention signal for the customer's relationship manager, with the figures that explain it
/// (docs/contract-extension-outlook.md, "Retention signals").</summary>
[GenerateSerializer, Immutable, Alias("crm.RetentionSignal")]
public sealed record RetentionSignal
{
    [Id(0)] public required string ManagerId { get; init; }
    [Id(1)] public required string CustomerId { get; init; }
    [Id(2)] public string? DisplayName { get; init; }
    [Id(3)] public required RetentionKind Kind { get; init; }
    [Id(4)] public required Star ServiceStar { get; init; }
    /// <summary>The business time of the event that raised it.</summary>
    [Id(5)] public required DateTimeOffset At { get; init; }
    /// <summary>Large outflow: assets at the end of the previous bank day.</summary>
    [Id(6)] public decimal AssetsBefore { get; init; }
    /// <summary>Large outflow: assets after the event.</summary>
    [Id(7)] public decimal AssetsAfter { get; init; }
    /// <summary>Dormant then active: the whole days since the previous business.</summary>
    [Id(8)] public int DormantDays { get; init; }
    /// <summary>Dormant then active: the previous business.</summary>
    [Id(9)] public DateTimeOffset? PreviousActivity { get; init; }
}
