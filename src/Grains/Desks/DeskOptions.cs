using CrmActors.Scoring;

namespace CrmActors.Grains.Desks;

/// <summary>Configuration section <c>Screens</c>: the VIP alert level of branches (star-model §5: default 5).
/// A level set through the desk (admin endpoint) wins over configuration.</summary>
public sealed class DeskOptions
{
    public const string Section = "Screens";

    /// <summary>The alert level of a branch not listed in <see cref="AlertLevels"/>: 3 to 7.</summary>
    public int DefaultAlertLevel { get; set; } = 5;

    /// <summary>Per-branch alert levels, e.g. <c>"Screens:AlertLevels:B001": 6</c>.</summary>
    public Dictionary<string, int> AlertLevels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A branch visit older than this when it reaches its customer raises no alert (a bulk history load or a
    /// replay must not flood tellers). Minutes, default 15.</summary>
    public int VisitAlertMaxAgeMinutes { get; set; } = 15;

    public TimeSpan VisitAlertMaxAge => TimeSpan.FromMinutes(VisitAlertMaxAgeMinutes);

    public Star LevelOf(string branchId) =>
        ToStar(AlertLevels.TryGetValue(branchId, out int level) ? level : DefaultAlertLevel);

    /// <summary>An alert level as a star: 3 to 7 (quasi and unrated are no VIPs).</summary>
    public static Star ToStar(int level) => level switch
    {
        <= 3 => Star.Three,
        >= 7 => Star.Seven,
        _ => (Star)level,
    };
}
