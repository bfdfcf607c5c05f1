namespace CrmActors.Api.Screens;

/// <summary>What a screen watches: one branch's desk or one manager's portfolio. Its SignalR group name is derived
/// from it, and only from the signed-in identity (or an admin's choice), never from what a browser asks.</summary>
public readonly record struct ScreenScope(ScreenKind Kind, string Id)
{
    public static ScreenScope Desk(string branchId) => new(ScreenKind.Desk, branchId);

    public static ScreenScope Portfolio(string managerId) => new(ScreenKind.Portfolio, managerId);

    public string Group => Kind == ScreenKind.Desk ? "desk:" + Id : "portfolio:" + Id;

    public override string ToString() => Group;
}

public enum ScreenKind
{
    Desk,
    Portfolio,
}
