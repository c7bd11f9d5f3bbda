using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>The dashboard's stylesheet and script, embedded in the assembly (no CDN: it works offline).</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
    {
        ["dashboard.css"] = (Load("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Load("dashboard.js"), "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary><c>GET {prefix}/assets/{name}</c>.</summary>
    public static async Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        if (!Assets.TryGetValue((string)context.Request.RouteValues["name"]!, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        DashboardRequest.SecurityHeaders(response);
        response.Headers.CacheControl = "public, max-age=3600";
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        await response.Body.WriteAsync(asset.Bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("ClerkSync.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
