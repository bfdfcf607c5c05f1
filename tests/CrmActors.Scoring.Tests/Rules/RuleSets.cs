namespace CrmActors.Scoring.Tests.Rules;

/// <summary>Seeded rule sets that differ from the published model in every figure a version can change.</summary>
public static class RuleSets
{
    public static StarModelOptions Random(Random random, StarModelOptions basis, int maxWindow)
    {
        decimal Rate() => random.Next(6) == 0 ? 0m : random.Next(1, 60) * 10m + random.Next(0, 4) * 0.25m;
        var rates = IndicatorRates.Published;
        foreach (var name in IndicatorRates.Names) rates = rates.With(name, Rate());
        decimal three = random.Next(10, 100);
        decimal four = three + random.Next(100, 800);
        decimal five = four + random.Next(500, 3_000);
        decimal six = five + random.Next(2_000, 15_000);
        decimal seven = six + random.Next(10_000, 90_000) + 0.5m;
        var floors = new Dictionary<ProductType, Star>();
        foreach (var product in Enum.GetValues<ProductType>())
            if (random.Next(4) != 0) floors[product] = (Star)random.Next(3, 8);
        int[] windows = [31, 92, 183, 365];
        return basis with
        {
            Rates = rates,
            Thresholds = new StarThresholds(three, four, five, six, seven),
            WindowDays = windows.Where(w => w <= maxWindow).ElementAt(random.Next(windows.Count(w => w <= maxWindow))),
            FeeCaps = new Dictionary<string, decimal> { ["FUND-SUB"] = random.Next(1, 80) * 1_000m, ["POS"] = random.Next(1, 30) * 500m },
            ProductFloors = floors,
        };
    }
}
