namespace CrmActors.Scoring;

/// <summary>The five balance indicators of §1, measured as six-month daily-average balances.</summary>
public enum BalanceIndicator : byte
{
    ShortTermAssets = 0,
    LongTermAssets = 1,
    Mortgage = 2,
    OtherLoans = 3,
    CardOverdraft = 4,
}
