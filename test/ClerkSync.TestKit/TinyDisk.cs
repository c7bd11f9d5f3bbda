using System.Diagnostics;

namespace ClerkSync.TestKit;

/// <summary>
/// A real, small file system (tmpfs of a few MB, mounted for one test) to fill up or to mount read-only (issue #10): a
/// full disk gives SQLite its real ENOSPC (SQLITE_FULL), a read-only one its real EROFS. Mounting needs root, which CI
/// and this sandbox have; elsewhere the test fails saying so, rather than pretend.
/// </summary>
public sealed class TinyDisk : IDisposable
{
    private readonly List<string> _fillers = [];

    private TinyDisk(string path) => Path = path;

    /// <summary>Gets the mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MB, read-only when <paramref name="readOnly"/>.</summary>
    public static TinyDisk Mount(int megabytes, bool readOnly = false)
    {
        var path = Directory.CreateTempSubdirectory("clerk-sync-disk-").FullName;
        var options = $"size={megabytes}m{(readOnly ? ",ro" : string.Empty)}";
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        if (exit != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"This test needs a small real file system: `mount -t tmpfs -o {options} tmpfs {path}` failed ({exit}: {output.Trim()}). Run it as root (CI does).");
        }

        return new TinyDisk(path);
    }

    /// <summary>Fills the disk: a file written until the file system refuses (ENOSPC).</summary>
    public void Fill()
    {
        var filler = System.IO.Path.Combine(Path, $"filler-{_fillers.Count}");
        _fillers.Add(filler);
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full; write what still fits, byte by byte in small pieces.
        }

        try
        {
            for (var i = 0; i < 64; i++)
            {
                stream.Write(chunk.AsSpan(0, 1024));
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Free()
    {
        foreach (var filler in _fillers)
        {
            File.Delete(filler);
        }

        _fillers.Clear();
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
