using Microsoft.Playwright;

namespace CrmActors.Screens.Tests.Support;

/// <summary>Debian's chromium driven by Playwright (Playwright's own browser download cannot work on this machine
/// kind). Missing chromium fails every browser test with the way to install it: it is never a skip.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Debian's chromium is not installed at {ChromiumPath}, so the browser tests cannot run. Install it with "
                + "`sudo scripts/chromium.sh` (./test.sh runs it for you).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Args,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh browser context (own cookies and storage) at the size of a counter screen, 1280×800.</summary>
    public async Task<IPage> NewPage(ScreensHost host, string language = "zh")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = language == "en" ? "en-GB" : "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        if (language == "en")
            await context.AddInitScriptAsync("try { localStorage.setItem('crm.lang', 'en'); } catch (e) {}");
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page and waits until the role's screen shows "connected" (its groups are
    /// joined: only then is nothing pushed lost).</summary>
    public async Task<IPage> SignedIn(ScreensHost host, string username, string language = "zh")
    {
        var page = await NewPage(host, language);
        await page.GotoAsync("/");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", "demo");
        await page.ClickAsync("button[type=submit]");
        await WaitConnected(page);
        return page;
    }

    public static Task WaitConnected(IPage page, int timeoutMs = 15_000) =>
        page.WaitForSelectorAsync("#conn-state[data-state=connected]", new PageWaitForSelectorOptions { Timeout = timeoutMs });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    public static async Task Close(params IPage[] pages)
    {
        foreach (var page in pages) await page.Context.CloseAsync();
    }
}

/// <summary>Screenshots of each screen: every run saves them as artifacts (artifacts/screenshots, not tracked);
/// with CRM_UPDATE_SCREENSHOTS=1 they replace the ones the README links (docs/screenshots).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Environment.GetEnvironmentVariable("CRM_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
        : Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public static async Task Save(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png") });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmActors.sln"))) return dir.FullName;
        return Path.Combine(AppContext.BaseDirectory, "artifacts");
    }
}
