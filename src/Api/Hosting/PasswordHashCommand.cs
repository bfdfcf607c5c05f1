using CrmActors.Api.Auth;

namespace CrmActors.Api.Hosting;

/// <summary><c>dotnet run --project src/Api -- hash-password</c>: reads a password from standard input and prints the
/// hash to put in <c>Auth:Staff:n:PasswordHash</c>, so no plain password is ever configured.</summary>
public static class PasswordHashCommand
{
    public const string Name = "hash-password";

    public static int Run(TextReader input, TextWriter output)
    {
        if (!Console.IsInputRedirected) output.Write("Password: ");
        var password = input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("No password given.");
            return 1;
        }
        output.WriteLine(StaffDirectory.HashPassword(password));
        return 0;
    }
}
