using System.Globalization;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// One keep-alive HTTP/1.1 connection that writes a pre-built request and reads one response (status line, headers,
/// a Content-Length or chunked body) before the next, as wrk does. Blocking calls on the caller's own thread: two
/// system calls per request and no thread-pool hop, so the generator leaves most of the machine to the server under
/// test. Any I/O or framing error answers status 0 and reconnects next time.
/// </summary>
internal sealed class RawHttpConnection(Uri uri) : IDisposable
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    public static byte[] BuildPost(Uri uri, string id, string timestamp, string signature, byte[] body)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nsvix-id: {id}\r\nsvix-timestamp: {timestamp}\r\nsvix-signature: {signature}\r\n\r\n");
        var request = new byte[Encoding.ASCII.GetByteCount(head) + body.Length];
        var written = Encoding.ASCII.GetBytes(head, request);
        body.CopyTo(request.AsSpan(written));
        return request;
    }

    public int Post(byte[] request)
    {
        try
        {
            if (_socket is null)
            {
                _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                _socket.Connect(uri.Host, uri.Port);
                _start = _end = 0;
            }

            _socket.Send(request, SocketFlags.None);
            var (status, close) = ReadResponse();
            if (close)
            {
                Reset();
            }

            return status;
        }
        catch (Exception ex) when (ex is SocketException or IOException or FormatException or ObjectDisposedException)
        {
            Reset();
            return 0;
        }
    }

    public void Dispose() => Reset();

    private (int Status, bool Close) ReadResponse()
    {
        var statusLine = ReadLine();
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new FormatException("not an HTTP/1.x status line");
        }

        var status = int.Parse(statusLine.AsSpan(9, 3), CultureInfo.InvariantCulture);
        long contentLength = 0;
        bool chunked = false, close = false;
        for (var line = ReadLine(); line.Length > 0; line = ReadLine())
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (!chunked)
        {
            Skip(contentLength);
            return (status, close);
        }

        while (true)
        {
            var sizeLine = ReadLine();
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var size = long.Parse(semicolon < 0 ? sizeLine : sizeLine[..semicolon], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while ((ReadLine()).Length > 0)
                {
                    // trailers
                }

                return (status, close);
            }

            Skip(size);
            ReadLine();
        }
    }

    private string ReadLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline);
                _start += newline + 2;
                return line;
            }

            Fill();
        }
    }

    private void Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                Fill();
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new FormatException("a response line is longer than the buffer");
        }

        var n = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (n == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += n;
    }

    private void Reset()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }
}
