using System.Net.Sockets;
using System.Text;

namespace ClerkSync.Cli.Tests.Reliability;

/// <summary>
/// HTTP/1.1 over a bare socket, one request per connection, for what HttpClient refuses to send: repeated or
/// malformed header lines, lying Content-Length, broken chunking, raw bytes in headers, and slow senders.
/// </summary>
internal static class RawHttp
{
    /// <summary>The status code of the response, or null when the server closed the connection without one.</summary>
    public static async Task<int?> SendAsync(int port, byte[] head, byte[] body, TimeSpan trickleDelay, bool halfClose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, deadline.Token);
            var reading = ReadStatusAsync(socket, deadline.Token);
            await socket.SendAsync(head, deadline.Token);
            if (trickleDelay > TimeSpan.Zero)
            {
                // A slow sender: one byte at a time until the server gives up on us (or the body is done).
                foreach (var b in body)
                {
                    if (reading.IsCompleted)
                    {
                        break;
                    }

                    await socket.SendAsync(new[] { b }, deadline.Token);
                    await Task.WhenAny(Task.Delay(trickleDelay, deadline.Token), reading);
                }
            }
            else if (body.Length > 0)
            {
                await socket.SendAsync(body, deadline.Token);
            }

            if (halfClose)
            {
                // A server waiting for more body bytes sees the end of the stream (Kestrel treats it as an abort).
                socket.Shutdown(SocketShutdown.Send);
            }

            return await reading;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<int?> ReadStatusAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var received = new List<byte>();
        try
        {
            while (received.Count < 12 || !received.Contains((byte)'\n'))
            {
                var n = await socket.ReceiveAsync(buffer, cancellationToken);
                if (n == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException)
        {
            // Reset by the server after (or instead of) an answer.
        }

        var line = Encoding.ASCII.GetString([.. received.Take(64)]);
        return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(9, 3), out var status) ? status : null;
    }
}
