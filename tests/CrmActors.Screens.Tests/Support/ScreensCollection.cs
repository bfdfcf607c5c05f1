namespace CrmActors.Screens.Tests.Support;

/// <summary>Tests sharing one server and one browser. Each uses its own customers and closes its pages; the clock is
/// never moved. Collections run one at a time (xunit.runner.json): timing assertions on a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class ScreensCollection : ICollectionFixture<ScreensHost>, ICollectionFixture<Browser>
{
    public const string Name = "screens";
}
