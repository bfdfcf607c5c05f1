namespace CrmActors.Api.Customers;

/// <summary>star-model §1 Decision (precision): points are kept unrounded and shown rounded to two places.</summary>
public static class DisplayRounding
{
    /// <summary>Rounded half away from zero, always written with two places (4050 → 4050.00).</summary>
    public static decimal Points(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>Points still needed for the next star, rounded up: never shows 0.00 while some are missing.</summary>
    public static decimal Needed(decimal value) => decimal.Ceiling(value * 100m) / 100m + 0.00m;
}
