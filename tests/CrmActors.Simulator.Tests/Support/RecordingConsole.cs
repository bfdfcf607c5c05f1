using Spectre.Console;

namespace CrmActors.Simulator.Tests.Support;

/// <summary>A console whose output is kept as plain text (no colours, not interactive: what a log would get).</summary>
public sealed class RecordingConsole
{
    private readonly StringWriter _writer = new();

    public RecordingConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = 200;
    }

    public IAnsiConsole Console { get; }

    public string Output => _writer.ToString();

    public void Clear() => _writer.GetStringBuilder().Clear();
}
