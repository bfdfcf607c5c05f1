using CrmActors.Scoring;

namespace CrmActors.Api.Screens;

/// <summary>What a teller may offer a customer (star-model §4), as codes the pages translate: the products of the
/// customer's tier they do not hold yet, the tier's services, and a nudge when the next star is near.</summary>
public static class ServiceGuide
{
    /// <summary>The next star is "near" when at most this share of its threshold is missing.</summary>
    public const decimal NearShare = 0.2m;

    public static IReadOnlyList<string> Offers(Star star, IReadOnlyCollection<ProductType> products, Star? nextStar, decimal? pointsNeeded)
    {
        var offers = new List<string>();
        bool Holds(ProductType p) => products.Contains(p);
        switch (star)
        {
            case Star.Seven:
                if (!Holds(ProductType.PrivateBanking)) offers.Add("privateBanking");
                offers.Add("dedicatedPlanner");
                if (!Holds(ProductType.PlatinumCreditCard)) offers.Add("platinumCreditCard");
                offers.Add("preApprovedCredit");
                break;
            case Star.Six:
                offers.Add("wealthPlanning");
                if (!Holds(ProductType.WealthCard)) offers.Add("wealthCard");
                if (!Holds(ProductType.PlatinumCreditCard)) offers.Add("platinumCreditCard");
                offers.Add("preApprovedCredit");
                break;
            case Star.Five:
                offers.Add("vipLane");
                if (!Holds(ProductType.WealthAccount)) offers.Add("wealthAccount");
                if (!Holds(ProductType.GoldCreditCard) && !Holds(ProductType.PlatinumCreditCard)) offers.Add("goldCreditCard");
                offers.Add("preApprovedCredit");
                break;
            case Star.Four:
                if (!Holds(ProductType.ClassicCreditCard)) offers.Add("classicCreditCard");
                offers.Add("wealthCounter");
                break;
            default:
                offers.Add("digitalBanking");
                offers.Add("growthSavings");
                break;
        }
        if (nextStar is { } next && pointsNeeded is > 0m && StarScale.Threshold(next) is { } threshold
            && pointsNeeded.Value / threshold <= NearShare)
            offers.Add("nextStarNear");
        return offers;
    }
}
