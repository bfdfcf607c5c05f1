namespace CrmActors.Screens.Tests.Support;

/// <summary>Customers of the star model's worked examples, made through the public ingest API.</summary>
public static class Bank
{
    public static string NewCustomerId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A 6-star customer (800,000 CNY of demand savings over the whole window: 10,800 points), homed at a
    /// branch of no test's teller so only visits make a teller see them.</summary>
    public static async Task<string> SixStar(ScreensHost host, string prefix = "VIP", string name = "张三明", string? managerId = null)
    {
        var id = NewCustomerId(prefix);
        var longAgo = host.Now.AddDays(-200);
        await host.Ingest(
            Ev.Profile(id, longAgo, homeBranchId: "B900", managerId: managerId, displayName: name),
            Ev.Balance(id, longAgo, 800_000m));
        return id;
    }

    /// <summary>A 3-star customer of <paramref name="managerId"/>: 2,000 CNY of card spending = 80 points.</summary>
    public static async Task<string> ThreeStar(ScreensHost host, string managerId, string prefix = "RM", string name = "李小龙")
    {
        var id = NewCustomerId(prefix);
        await host.Ingest(
            Ev.Profile(id, host.Now.AddDays(-30), homeBranchId: "B900", managerId: managerId, displayName: name),
            Ev.Fee(id, host.Now.AddMinutes(-1), "cardSpending", 2_000m));
        return id;
    }

    /// <summary>star-model example 4: 80 + 480 = 560 points, from 3 to 4 stars at once.</summary>
    public static Task LiftToFourStars(ScreensHost host, string customerId) =>
        host.Ingest(Ev.Fee(customerId, host.Now, "investment", 24_000m));

    public static Task Visit(ScreensHost host, string customerId, string branchId) =>
        host.Ingest(Ev.Visit(customerId, host.Now, branchId));
}
