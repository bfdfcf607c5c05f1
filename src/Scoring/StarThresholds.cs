namespace CrmActors.Scoring;

/// <summary>§2: the points at which each star begins. Quasi-star is any positive points below 3 stars; no points is
/// not rated. One rule set carries one scale (<see cref="StarModelOptions.Thresholds"/>).</summary>
public sealed record StarThresholds(decimal Three, decimal Four, decimal Five, decimal Six, decimal Seven)
{
    /// <summary>The bank's published scale (star-model.md §2).</summary>
    public static StarThresholds Published { get; } = new(50m, 500m, 2_000m, 10_000m, 80_000m);

    /// <summary>The stars that have a points threshold, lowest first.</summary>
    public static IReadOnlyList<Star> Rated { get; } = [Star.Three, Star.Four, Star.Five, Star.Six, Star.Seven];

    /// <summary>The points at which <paramref name="star"/> begins; null for levels without a numeric threshold.</summary>
    public decimal? For(Star star) => star switch
    {
        Star.Seven => Seven,
        Star.Six => Six,
        Star.Five => Five,
        Star.Four => Four,
        Star.Three => Three,
        _ => null,
    };

    /// <summary>§2: the star that points earn. Threshold tests use the unrounded value.</summary>
    public Star ForPoints(decimal points) =>
        points >= Seven ? Star.Seven
        : points >= Six ? Star.Six
        : points >= Five ? Star.Five
        : points >= Four ? Star.Four
        : points >= Three ? Star.Three
        : points > 0m ? Star.Quasi
        : Star.Unrated;

    /// <summary>The same scale with <paramref name="star"/> beginning at <paramref name="points"/>.</summary>
    public StarThresholds With(Star star, decimal points) => star switch
    {
        Star.Three => this with { Three = points },
        Star.Four => this with { Four = points },
        Star.Five => this with { Five = points },
        Star.Six => this with { Six = points },
        Star.Seven => this with { Seven = points },
        _ => throw new ArgumentOutOfRangeException(nameof(star), "Only 3 to 7 stars have a points threshold."),
    };
}
