using CrmActors.Api.Http;

namespace CrmActors.Api.Auth;

/// <summary>Checks staff credentials the same way for a bearer token and for a page's cookie sign-in:
/// 400 with the missing fields, 401 (logged) for wrong ones, else the user.</summary>
public static class StaffSignIn
{
    public static IResult? Check(string? username, string? password, StaffDirectory staff, ILogger log, out StaffUser? user)
    {
        user = null;
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(username)) errors.Add(new FieldError("username", "is required"));
        if (string.IsNullOrEmpty(password)) errors.Add(new FieldError("password", "is required"));
        if (errors.Count > 0) return Results.BadRequest(new FieldErrorsResponse(errors));
        user = staff.Verify(username!, password!);
        if (user is not null) return null;
        log.LogInformation("Sign-in refused for {Username}.", username);
        return Results.Unauthorized();
    }
}
