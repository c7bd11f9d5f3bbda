using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkSync.TestKit;

namespace ClerkSync.Webhooks.Tests.Interop;

/// <summary>
/// One <c>node test/interop/oracle.mjs</c> process per test class: the reference libraries (standardwebhooks, svix)
/// sign and verify on request. Installs test/interop's node_modules with <c>npm ci</c> when they are missing.
/// </summary>
public sealed class NodeOracle : IAsyncLifetime
{
    public const string StandardWebhooks = "standardwebhooks";
    public const string Svix = "svix";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    public static string InteropDirectory => Path.Combine(RepositoryPaths.Root, "test", "interop");

    /// <summary>Gets the versions in use, for failure messages: node and both packages.</summary>
    public string Versions { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        // Test classes run in parallel, each with its own oracle: one npm ci at a time, and only when still needed.
        await InstallGate.WaitAsync();
        try
        {
            if (!IsInstalled())
            {
                await RunNpmCiAsync();
            }
        }
        finally
        {
            InstallGate.Release();
        }

        _process = Process.Start(StartInfo("node", "oracle.mjs")) ?? throw new InvalidOperationException("node did not start");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        Versions = (await SendAsync(new JsonObject { ["op"] = "versions" })).GetRawText();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
            }

            process.Dispose();
        }

        _gate.Dispose();
        await ValueTask.CompletedTask;
    }

    /// <summary>Signs with a reference library; the signed bytes are exactly <paramref name="body"/>.</summary>
    public async Task<string> SignAsync(string library, string secret, string id, long timestamp, byte[] body)
    {
        var response = await SendAsync(new JsonObject
        {
            ["op"] = "sign",
            ["library"] = library,
            ["secret"] = secret,
            ["id"] = id,
            ["timestamp"] = timestamp,
            ["body"] = Convert.ToBase64String(body),
        });
        return response.TryGetProperty("signature", out var signature)
            ? signature.GetString()!
            : throw new InvalidOperationException($"{library} could not sign: {response.GetProperty("error").GetString()}");
    }

    /// <summary>Verifies with a reference library: null when valid, else the library's error message.</summary>
    public async Task<string?> VerifyAsync(string library, IEnumerable<string> secrets, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers)
        {
            headerObject[name] = value;
        }

        var response = await SendAsync(new JsonObject
        {
            ["op"] = "verify",
            ["library"] = library,
            ["secrets"] = new JsonArray([.. secrets.Select(s => JsonValue.Create(s))]),
            ["headers"] = headerObject,
            ["body"] = Convert.ToBase64String(body),
        });
        return response.GetProperty("valid").GetBoolean() ? null : response.GetProperty("error").GetString();
    }

    private async Task<JsonElement> SendAsync(JsonObject request)
    {
        var process = _process ?? throw new InvalidOperationException("The oracle is not started.");
        await _gate.WaitAsync();
        try
        {
            await process.StandardInput.WriteLineAsync(request.ToJsonString());
            await process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(RequestTimeout);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                string stderr;
                lock (_stderr)
                {
                    stderr = _stderr.ToString();
                }

                throw new InvalidOperationException($"node oracle.mjs exited: {stderr}");
            }

            return JsonDocument.Parse(line).RootElement.Clone();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ProcessStartInfo StartInfo(string fileName, string arguments) => new(fileName, arguments)
    {
        WorkingDirectory = InteropDirectory,
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        StandardInputEncoding = Utf8,
        StandardOutputEncoding = Utf8,
        UseShellExecute = false,
    };

    private static bool IsInstalled() =>
        File.Exists(Path.Combine(InteropDirectory, "node_modules", StandardWebhooks, "package.json"))
        && File.Exists(Path.Combine(InteropDirectory, "node_modules", Svix, "package.json"));

    private static async Task RunNpmCiAsync()
    {
        var info = StartInfo("npm", "ci --no-audit --no-fund --loglevel=error");
        info.RedirectStandardInput = false;
        info.StandardInputEncoding = null;
        using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm did not start");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {InteropDirectory} failed ({npm.ExitCode}): {await output}{await errors}");
        }
    }
}
