using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClerkSync.TestKit;

/// <summary>A logger (and provider) that keeps every entry, to assert on event ids, text and attached exceptions.</summary>
public sealed class LogRecorder : ILoggerProvider, ILogger
{
    /// <summary>Gets every entry logged, in order.</summary>
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <summary>Gets the entries with <paramref name="eventId"/>.</summary>
    public IReadOnlyList<LogEntry> WithId(int eventId) => [.. Entries.Where(e => e.EventId == eventId)];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception));
    }

    public void Dispose()
    {
    }
}

/// <summary>One log entry.</summary>
public sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);
