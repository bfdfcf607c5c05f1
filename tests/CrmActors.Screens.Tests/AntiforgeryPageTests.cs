using CrmActors.Screens.Tests.Support;

namespace CrmActors.Screens.Tests;

/// <summary>Issue 9, item 7, in a real browser: the sign-in cookie alone does not make a write (what a forged request
/// would carry); the pages fetch the anti-forgery token and send it, so their own writes — signing out among them —
/// work.</summary>
[Collection(ScreensCollection.Name)]
public sealed class AntiforgeryPageTests(ScreensHost host, Browser browser)
{
    [Fact]
    public async Task A_write_with_only_the_cookie_is_refused_and_the_pages_own_sign_out_works()
    {
        var page = await browser.SignedIn(host, "teller-b001");
        try
        {
            // The browser sends the cookie; without the header the server refuses before the endpoint runs.
            int bare = await page.EvaluateAsync<int>(
                "() => fetch('/api/v1/screens/sign-out', { method: 'POST', credentials: 'same-origin' }).then(r => r.status)");
            Assert.Equal(400, bare);
            Assert.Equal(200, await page.EvaluateAsync<int>("() => fetch('/api/v1/screens/me').then(r => r.status)"));

            await page.ClickAsync("[data-sign-out]");
            await page.WaitForSelectorAsync("#signin");
            Assert.Equal(401, await page.EvaluateAsync<int>("() => fetch('/api/v1/screens/me').then(r => r.status)"));
        }
        finally
        {
            await Browser.Close(page);
        }
    }
}
