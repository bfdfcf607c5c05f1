namespace CrmActors.Scoring;

/// <summary>Products whose holding sets a floor under the service star (§3.1).</summary>
public enum ProductType : byte
{
    PrivateBanking = 0,
    WealthCard = 1,
    PlatinumCreditCard = 2,
    WealthAccount = 3,
    GoldCreditCard = 4,
    ClassicCreditCard = 5,
}
