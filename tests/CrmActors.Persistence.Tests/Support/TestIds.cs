namespace CrmActors.Persistence.Tests.Support;

/// <summary>Short unique ids, so tests sharing one database never see each other's clusters or grain state.</summary>
public static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
