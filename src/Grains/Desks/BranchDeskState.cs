using CrmActors.Abstractions.Outlook;
using CrmActors.Abstractions.Screens;
using CrmActors.Scoring;

namespace CrmActors.Grains.Desks;

/// <summary>What a branch desk keeps: its sequence, the recent alerts (bounded) and an alert level set by an admin.</summary>
[GenerateSerializer, Alias("crm.BranchDeskState")]
public sealed class BranchDeskState
{
    /// <summary>Made once when the desk first runs; a screen seeing another epoch knows the numbering started over.</summary>
    [Id(0)] public string Epoch { get; set; } = "";
    [Id(1)] public long LastSeq { get; set; }
    [Id(2)] public List<DeskAlert> Alerts { get; set; } = [];
    [Id(3)] public Star? AlertLevel { get; set; }
    /// <summary>The newest sequence number no longer represented in <see cref="Alerts"/> (dropped by the bound).</summary>
    [Id(4)] public long DroppedThrough { get; set; }
}

/// <summary>What a portfolio keeps: its customers, its sequence and the recent notifications (bounded).</summary>
[GenerateSerializer, Alias("crm.PortfolioState")]
public sealed class PortfolioState
{
    [Id(0)] public string Epoch { get; set; } = "";
    [Id(1)] public long LastSeq { get; set; }
    [Id(2)] public HashSet<string> Customers { get; set; } = []; // default comparer: ordinal for strings, and serializable
    [Id(3)] public List<PortfolioNotice> Notices { get; set; } = [];
    [Id(4)] public long DroppedThrough { get; set; }
    /// <summary>Numbers up to here may have been pushed: a new activation continues after them.</summary>
    [Id(5)] public long SeqReservedThrough { get; set; }
    /// <summary>The customers at risk on their next rating day, by customer id.</summary>
    [Id(6)] public Dictionary<string, AtRiskCustomer> AtRisk { get; set; } = [];
    /// <summary>The newest retention signals, oldest first (at most <see cref="PortfolioGrain.RetentionLimit"/>).</summary>
    [Id(7)] public List<RetentionSignal> Signals { get; set; } = [];
}
