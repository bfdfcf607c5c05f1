namespace CrmActors.Api.Hosting;

/// <summary>How this process is deployed (configuration <c>Hosting:Mode</c>).</summary>
public enum HostingMode
{
    /// <summary>The default: API and Orleans silo in one process, in-memory journal, storage and streams, demo
    /// identities. Nothing is durable.</summary>
    Embedded,

    /// <summary>One process against PostgreSQL: API and a silo of a durable cluster (membership, grain storage and the
    /// event journal on PostgreSQL). Acknowledged events survive any crash.</summary>
    Postgres,

    /// <summary>An API node only: an Orleans client of the durable cluster's silos (found through the PostgreSQL
    /// membership table), appending to the same journal. Several run side by side (deploy/local).</summary>
    Client,
}

/// <summary>The mode this process runs in, read once at startup.</summary>
public sealed record HostingInfo(HostingMode Mode, bool DemoRequested = false)
{
    public const string ModeKey = "Hosting:Mode";
    /// <summary>Turns the demo identities on outside the embedded default (local durable runs, deploy/local).</summary>
    public const string DemoKey = "Hosting:Demo";

    /// <summary>Demo identities are on in the embedded default, and elsewhere only when asked for explicitly.</summary>
    public bool Demo => IsEmbedded || DemoRequested;

    public bool IsEmbedded => Mode == HostingMode.Embedded;

    public bool IsDurable => Mode is HostingMode.Postgres or HostingMode.Client;

    public static HostingInfo From(IConfiguration configuration)
    {
        var text = configuration[ModeKey];
        bool demo = configuration.GetValue(DemoKey, false);
        if (string.IsNullOrWhiteSpace(text)) return new HostingInfo(HostingMode.Embedded, demo);
        if (Enum.TryParse<HostingMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)) return new HostingInfo(mode, demo);
        throw new InvalidOperationException(
            $"{ModeKey} is '{text}'; supported: {string.Join(", ", Enum.GetNames<HostingMode>())}.");
    }
}
