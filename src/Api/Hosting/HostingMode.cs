namespace CrmActors.Api.Hosting;

/// <summary>How this process is deployed (configuration <c>Hosting:Mode</c>).</summary>
public enum HostingMode
{
    /// <summary>The default: API and Orleans silo in one process, in-memory journal, storage and streams, demo
    /// identities. Nothing is durable.</summary>
    Embedded,
}

/// <summary>The mode this process runs in, read once at startup.</summary>
public sealed record HostingInfo(HostingMode Mode)
{
    public const string ModeKey = "Hosting:Mode";

    public bool IsEmbedded => Mode == HostingMode.Embedded;

    public static HostingInfo From(IConfiguration configuration)
    {
        var text = configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(text)) return new HostingInfo(HostingMode.Embedded);
        if (Enum.TryParse<HostingMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)) return new HostingInfo(mode);
        throw new InvalidOperationException(
            $"{ModeKey} is '{text}'; supported: {string.Join(", ", Enum.GetNames<HostingMode>())}.");
    }
}
