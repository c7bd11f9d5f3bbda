using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClerkSync.AspNetCore;

/// <summary>The health check's JSON writer.</summary>
internal static class ClerkSyncHealthWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                foreach (var (key, value) in entry.Data)
                {
                    switch (value)
                    {
                        case long l: json.WriteNumber(key, l); break;
                        case int i: json.WriteNumber(key, i); break;
                        case double d: json.WriteNumber(key, d); break;
                        default: json.WriteString(key, value?.ToString()); break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
