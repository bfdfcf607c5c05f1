using System.Text.Json;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.OpenApi;

/// <summary>Issue 9: the document of the real host passes <c>redocly lint</c> (the recommended rules, less what
/// redocly.yaml turns off with its reason) with no error and no warning. The pinned CLI comes from scripts/redocly.sh,
/// which installs it when missing, so this runs on a fresh machine with Node.js and npm.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedoclyLintTests(CrmApiFactory api)
{
    [Fact]
    public async Task The_document_has_no_lint_problem()
    {
        var dir = Directory.CreateTempSubdirectory("crm-openapi-");
        try
        {
            // The committed rules and ignore list next to the document: redocly finds them there, and the ignore list
            // names the document by this file name.
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "openapi.json"), await OpenApiDocument.TextAsync(api));
            foreach (var config in new[] { "redocly.yaml", ".redocly.lint-ignore.yaml" })
                File.Copy(Path.Combine(Redocly.RepositoryRoot, config), Path.Combine(dir.FullName, config));

            var (exit, output, errors) = await Redocly.RunAsync(dir.FullName, "lint", "openapi.json", "--format=json");

            using var report = JsonDocument.Parse(output);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at " +
                    $"{p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(problems.Count == 0, $"redocly lint found {problems.Count} problem(s):\n{string.Join("\n", problems)}");
            Assert.True(exit == 0, $"redocly lint exited {exit}: {errors}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
