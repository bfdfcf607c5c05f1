namespace CrmActors.Scoring;

/// <summary>The published thresholds of star-model.md §2 and product floors of §3.1, and the star levels' order and
/// wire form. A rule set's own figures are in <see cref="StarModelOptions.Thresholds"/> and
/// <see cref="StarModelOptions.ProductFloors"/>.</summary>
public static class StarScale
{
    /// <summary>§2 as published: the star that points earn. Threshold tests use the unrounded value.</summary>
    public static Star ForPoints(decimal points) => StarThresholds.Published.ForPoints(points);

    /// <summary>The published points at which <paramref name="star"/> begins; null for levels without a numeric threshold.</summary>
    public static decimal? Threshold(Star star) => StarThresholds.Published.For(star);

    /// <summary>The next level above <paramref name="star"/> that points alone can reach; null at 7 stars.</summary>
    /// <remarks>Decision: quasi-star has no amount threshold (any positive points), so from not rated the
    /// next star offered is 3 stars.</remarks>
    public static Star? Next(Star star) => star switch
    {
        Star.Unrated or Star.Quasi => Star.Three,
        Star.Three => Star.Four,
        Star.Four => Star.Five,
        Star.Five => Star.Six,
        Star.Six => Star.Seven,
        _ => null,
    };

    /// <summary>§3.1 as published: the service star a held product guarantees.</summary>
    public static Star Floor(ProductType product) => StarModelOptions.Default.FloorOf(product);

    public static Star Max(Star a, Star b) => a >= b ? a : b;

    /// <summary>The contract's wire form: unrated, quasi, 3 … 7.</summary>
    public static string ToWire(this Star star) => star switch
    {
        Star.Unrated => "unrated",
        Star.Quasi => "quasi",
        _ => ((int)star).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static bool TryParseWire(string? text, out Star star)
    {
        star = text switch
        {
            "unrated" => Star.Unrated,
            "quasi" => Star.Quasi,
            "3" => Star.Three,
            "4" => Star.Four,
            "5" => Star.Five,
            "6" => Star.Six,
            "7" => Star.Seven,
            _ => (Star)255,
        };
        return star != (Star)255;
    }
}
