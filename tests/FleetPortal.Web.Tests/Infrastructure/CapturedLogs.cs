using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>Every log message the portal writes, so tests can check that no secret reaches a log.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyCollection<string> Messages => messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
