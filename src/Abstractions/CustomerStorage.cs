namespace CrmActors.Abstractions;

/// <summary>The grain-storage name customer grains keep their state under. A name of their own, so each run mode
/// decides separately: PostgreSQL storage when durable, nothing at all on the embedded default (see
/// CrmActors.Silo.ResidentOnlyStorage).</summary>
public static class CustomerStorage
{
    public const string Name = "customers";

    /// <summary>The state's name within the grain (<c>[PersistentState]</c>); the stored rows are labelled with it.</summary>
    public const string StateName = "customer";
}
