using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Grid.Silo.Configuration;

/// <summary>HTTP basic authentication in front of a dashboard served off loopback: any user name, the configured password.</summary>
public sealed class DashboardPassword(string password)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(password));

    /// <summary>Answers 401 with a challenge unless the request carries the password; otherwise passes it on.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Authorized(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"grid dashboard\", charset=\"UTF-8\"";
    }

    /// <summary>Whether an Authorization header value is Basic with this password; compared in constant time.</summary>
    public bool Authorized(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = credentials.IndexOf(':');
        if (colon < 0) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(credentials[(colon + 1)..]));
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
