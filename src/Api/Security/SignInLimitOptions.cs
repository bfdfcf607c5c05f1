namespace CrmActors.Api.Security;

/// <summary>Configuration section <c>Auth:SignInLimit</c>: how many staff sign-in attempts (failed or not) are let
/// through per window, per user name and per client address. Both limits apply to both sign-in endpoints together.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Auth:SignInLimit";
    public const string PermitsPerUsernameKey = Section + ":" + nameof(PermitsPerUsername);
    public const string PermitsPerClientKey = Section + ":" + nameof(PermitsPerClient);
    public const string WindowSecondsKey = Section + ":" + nameof(WindowSeconds);

    /// <summary>Attempts for one user name, from anywhere: what one account's password can be guessed at.</summary>
    public int PermitsPerUsername { get; set; } = 5;

    /// <summary>Attempts from one client address (an IPv6 /64), for any user names: what one attacker can try across
    /// accounts, and how many accounts one attacker can lock out.</summary>
    public int PermitsPerClient { get; set; } = 20;

    /// <summary>The sliding window the permits are counted in.</summary>
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    /// <summary>Problems that make the limiter meaningless (checked at startup).</summary>
    public IEnumerable<string> Problems()
    {
        if (PermitsPerUsername < 1) yield return $"{PermitsPerUsernameKey} must be at least 1.";
        if (PermitsPerClient < 1) yield return $"{PermitsPerClientKey} must be at least 1.";
        if (WindowSeconds < 1) yield return $"{WindowSecondsKey} must be at least 1.";
    }
}
