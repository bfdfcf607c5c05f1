namespace CrmActors.Grains.Outlook;

/// <summary>Configuration section <c>Outlook</c> (docs/contract-extension-outlook.md): the at-risk list and the
/// retention detectors.</summary>
public sealed class OutlookOptions
{
    public const string Section = "Outlook";

    /// <summary>Keep the managers' at-risk lists current (each change of a managed customer re-projects its outlook).</summary>
    public bool AtRiskList { get; set; } = true;

    /// <summary>Run the retention detectors on live changes.</summary>
    public bool RetentionDetectors { get; set; } = true;

    /// <summary>Large outflow: assets falling by at least this share of the previous day end's within one bank day.</summary>
    public decimal OutflowShare { get; set; } = 0.30m;

    /// <summary>Large outflow: or by at least this amount in CNY.</summary>
    public decimal OutflowAmount { get; set; } = 500_000m;

    /// <summary>Dormant then active: at least this many days without any business before the event.</summary>
    public int DormantDays { get; set; } = 90;
}
