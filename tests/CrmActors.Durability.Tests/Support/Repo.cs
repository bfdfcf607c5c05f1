using System.Reflection;

namespace CrmActors.Durability.Tests.Support;

/// <summary>Paths in the repository: the scripts, and the dlls of the silo and API processes built in the same
/// configuration as this assembly.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value
        ?? "Release";

    public static string ClusterScript => Path.Combine(Root, "deploy", "local", "cluster.sh");

    public static string PostgresScript => Path.Combine(Root, "scripts", "postgres.sh");

    public static string SiloDll => Dll("Silo", "CrmActors.Silo.dll");

    public static string ApiDll => Dll("Api", "CrmActors.Api.dll");

    private static string Dll(string project, string file)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is not built; build src/{project} in {Configuration} first.", path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "postgres.sh")) && Directory.Exists(Path.Combine(dir.FullName, "deploy")))
                return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
