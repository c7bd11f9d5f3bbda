using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ClerkSync.TestKit;

/// <summary>
/// A throwaway PostgreSQL server for the tests (issue #4): one per test process, started on first use on 127.0.0.1 with
/// a free port and <c>fsync=off</c>, stopped (<c>pg_ctl stop -m immediate</c>) and deleted at process exit. When
/// <c>CLERKSYNC_POSTGRES_CONNECTION</c> is set, that server is used instead and nothing is started.
/// </summary>
/// <remarks>
/// As root, initdb and pg_ctl run as the <c>postgres</c> user (<c>runuser -u postgres --</c>), with the data folder
/// chowned to it. The binaries come from /usr/lib/postgresql/*/bin (eng/postgres.sh ensure-binaries installs them).
/// </remarks>
public sealed class PostgresServer
{
    /// <summary>The environment variable naming an existing server (an admin connection string).</summary>
    public const string ConnectionVariable = "CLERKSYNC_POSTGRES_CONNECTION";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    /// <summary>Gets the connection string of the <c>postgres</c> database as superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Gets the process-wide server, starting it on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates a fresh, empty database and returns its (pooled) connection string.</summary>
    /// <param name="prefix">A readable prefix for the database name (the test class).</param>
    public static async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var server = await GetAsync().ConfigureAwait(false);
        var name = $"{new string([.. prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40)])}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // Pooled, as an application's would be: the admin string's Pooling=false, inherited here, made every command of
        // a serve on this database a new PostgreSQL backend (the scale-out test's churn, issue #10).
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } existing)
        {
            return new PostgresServer(existing);
        }

        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), $"clerksync-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync"], asRoot).ConfigureAwait(false);
        var port = FreePort();
        var options = $"-F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -p {port} -k {root} -c listen_addresses=127.0.0.1";
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(root, "server.log"), "-o", options], asRoot).ConfigureAwait(false);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-m", "immediate", "-D", data], asRoot).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };

        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        };
        return new PostgresServer(admin.ConnectionString);
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException($"PostgreSQL binaries not found under /usr/lib/postgresql: run `bash eng/postgres.sh ensure-binaries`, or set {ConnectionVariable}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)} {await output.ConfigureAwait(false)}");
        }
    }
}
