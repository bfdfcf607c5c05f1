using CrmActors.Abstractions;

namespace CrmActors.Grains.Customers;

/// <summary>Customer grain references made from a grain id. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the
/// interface's type name by reflection and string formatting on every call (Orleans does not cache it): ~5 % of the
/// engine's CPU in the dispatchers' profile, which make one reference per customer per read.</summary>
public sealed class CustomerReferences(IGrainFactory grains)
{
    private (GrainType Grain, GrainInterfaceType Interface)? _types;

    public ICustomerGrain Get(string customerId)
    {
        var (grain, @interface) = _types ??= Resolve();
        return (ICustomerGrain)grains.GetGrain(GrainId.Create(grain, customerId), @interface);
    }

    /// <summary>The customer grain's type (to list its activations).</summary>
    public GrainType GrainType => (_types ??= Resolve()).Grain;

    private (GrainType, GrainInterfaceType) Resolve()
    {
        var sample = (GrainReference)grains.GetGrain<ICustomerGrain>("-");
        return (sample.GrainId.Type, sample.InterfaceType);
    }
}
