namespace CrmActors.Api.Tests.Support;

/// <summary>Tests that share one host. They never move its clock (tests that do get their own host), and each uses
/// its own customer ids, so their order does not matter.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<CrmApiFactory>
{
    public const string Name = "api";
}
