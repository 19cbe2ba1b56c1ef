using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Tracing.Sdk.Sampling;

namespace Tracing.Sdk.AspNetCore.ServerSpans;

/// <summary>
/// Hands each request to the samplers before ASP.NET Core creates its server activity, through the platform's own
/// check: ASP.NET Core asks its <see cref="DiagnosticListener"/> whether <c>HttpRequestIn</c> is enabled, with the
/// <see cref="HttpContext"/>, just before it creates the activity. The answer is always no (no diagnostic events, no
/// activity of its own), so the only effect is the note in <see cref="PendingServerRequest"/>.
/// </summary>
internal sealed class RequestBeforeSampling : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly object _gate = new();
    private IDisposable? _subscription;

    /// <summary>Subscribes to the host's listener, once.</summary>
    public void Start(DiagnosticListener listener)
    {
        lock (_gate)
        {
            _subscription ??= listener.Subscribe(this, IsEnabled);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    private static bool IsEnabled(string name, object? arg1, object? arg2)
    {
        if (arg1 is HttpContext context && string.Equals(name, PendingServerRequest.ActivityName, StringComparison.Ordinal))
        {
            try
            {
                ServerStartTags.Read(context.Request, out var path, out var method, out var userAgent);
                PendingServerRequest.Set(path, method, userAgent);
            }
            catch (Exception)
            {
                // Never into the request: without the note, the first middleware decides on probes instead.
                PendingServerRequest.Clear();
            }
        }

        return false;
    }
}
