using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClerkSync.Cli;

/// <summary>JSON output settings of the commands' <c>--json</c> modes.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
