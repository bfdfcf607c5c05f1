namespace CrmActors.Scoring;

/// <summary>The three fee-business indicators of §1, measured as six-month cumulative amounts.</summary>
public enum FeeBusinessType : byte
{
    Investment = 0,
    CardSpending = 1,
    Settlement = 2,
}
