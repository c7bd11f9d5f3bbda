using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace ClerkSync.Cli.Commands;

/// <summary>
/// Finds, before serve creates anything, a <c>--urls</c> address whose port another process already listens on (issue
/// #12): serve then stops with one line instead of Kestrel's stack trace, leaving no database or development secret
/// behind. Kestrel's own bind failure still covers the race with a process that takes the port in between.
/// </summary>
internal static class ListenProbe
{
    /// <summary>Returns the first address in <paramref name="urls"/> whose port is taken, or null.</summary>
    /// <param name="urls">Semicolon-separated, as <c>--urls</c>; port 0, host names and Unix sockets are not probed.</param>
    public static BindingAddress? FirstInUse(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue; // Kestrel reports a malformed address itself.
            }

            if (!address.IsUnixPipe && address.Port > 0 && ProbeAddress(address.Host) is { } ip && InUse(new IPEndPoint(ip, address.Port)))
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>The one line serve prints when <paramref name="address"/> is taken.</summary>
    public static string Message(BindingAddress address) =>
        $"Port {address.Port} is already in use ({address.Host}): another clerk-sync serve? Choose another with --urls {address.Scheme}://{address.Host}:{address.Port + 1}, or port 0 for any free one.";

    private static IPAddress? ProbeAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : null,
    };

    private static bool InUse(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // Not ours to judge (no such interface, a privileged port): Kestrel says what is wrong.
        }
    }
}
