namespace CrmActors.Api.Screens;

/// <summary>What a screen watches: one branch's desk, one manager's portfolio, or (admins) a pending rule set
/// version's impact. Its SignalR group name is derived
/// from it, and only from the signed-in identity (or an admin's choice), never from what a browser asks.</summary>
public readonly record struct ScreenScope(ScreenKind Kind, string Id)
{
    public static ScreenScope Desk(string branchId) => new(ScreenKind.Desk, branchId);

    public static ScreenScope Portfolio(string managerId) => new(ScreenKind.Portfolio, managerId);

    public static ScreenScope RuleImpact(string version) => new(ScreenKind.RuleImpact, version);

    public string Group => Kind switch
    {
        ScreenKind.Desk => "desk:" + Id,
        ScreenKind.Portfolio => "portfolio:" + Id,
        _ => "rules:" + Id,
    };

    public override string ToString() => Group;
}

public enum ScreenKind
{
    Desk,
    Portfolio,
    RuleImpact,
}
