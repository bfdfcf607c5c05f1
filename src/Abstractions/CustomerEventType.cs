namespace CrmActors.Abstractions;

/// <summary>The contract's event <c>type</c>.</summary>
public enum CustomerEventType : byte
{
    Balance = 0,
    FeeBusiness = 1,
    Product = 2,
    BranchVisit = 3,
    Profile = 4,
}
