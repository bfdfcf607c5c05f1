using Xunit.Abstractions;

namespace CrmActors.Durability.Tests.Support;

/// <summary>What a test measured: written to the test's output (shown by <c>dotnet test --logger
/// "console;verbosity=detailed"</c> and on failure) and appended to artifacts/durability-figures.log.</summary>
public sealed class Figures(ITestOutputHelper output)
{
    public void Print(string line)
    {
        output.WriteLine(line);
        try
        {
            var dir = Path.Combine(Repo.Root, "artifacts");
            Directory.CreateDirectory(dir);
            File.AppendAllText(Path.Combine(dir, "durability-figures.log"), $"{DateTime.UtcNow:O} {line}{Environment.NewLine}");
        }
        catch (IOException) { }
    }

    public TextWriter Writer => new LineWriter(this);

    private sealed class LineWriter(Figures figures) : StringWriter
    {
        public override void WriteLine(string? value) => figures.Print(value ?? "");
    }
}
