using System.Diagnostics;

namespace CrmActors.Abstractions;

/// <summary>The engine's own spans (docs/architecture.md, "Traces"). With tracing off (the default) nothing listens to
/// <see cref="Source"/>: starting a span returns null and costs a check, no allocation.</summary>
public static class EngineTracing
{
    public const string SourceName = "CrmActors";
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A batch appended to the journal; its context is journaled with the batch's changes.</summary>
    public const string JournalAppend = "journal.append";
    /// <summary>A dispatcher delivering one customer's changes of a read; child of the append that journaled them.</summary>
    public const string JournalDeliver = "journal.deliver";
    /// <summary>An API node sending one message to a SignalR group.</summary>
    public const string ScreenPush = "screen.push";
}
