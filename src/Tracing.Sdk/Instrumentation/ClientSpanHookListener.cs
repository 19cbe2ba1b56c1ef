using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Tracing.Sdk.Instrumentation;

/// <summary>
/// Runs the application's HttpClient hooks on .NET's own <c>System.Net.Http</c> client spans. The hooks need the
/// request and response objects, which only HttpClient's <c>HttpHandlerDiagnosticListener</c> events carry, so this
/// subscribes to them — and only when a hook is set: without a subscriber HttpClient writes no events at all.
/// </summary>
internal sealed class ClientSpanHookListener : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string ListenerName = "HttpHandlerDiagnosticListener";
    private const string SourceName = "System.Net.Http";
    private const string StartEvent = "System.Net.Http.HttpRequestOut.Start";
    private const string StopEvent = "System.Net.Http.HttpRequestOut.Stop";
    private const string ExceptionEvent = "System.Net.Http.Exception";

    // Never the activity-creation check ("System.Net.Http.HttpRequestOut"): answering it would make HttpClient create
    // an activity of its own for every request the sampler dropped.
    private static readonly Func<string, object?, object?, bool> IsEnabled = static (name, _, _) =>
        name is StartEvent or StopEvent or ExceptionEvent;

    private readonly ClientSpanHooks _hooks;
    private readonly HookFailures _failures;
    private readonly Lock _lock = new();
    private readonly IDisposable _allListeners;
    private readonly PayloadProperty<HttpRequestMessage> _request = new("Request");
    private readonly PayloadProperty<HttpResponseMessage> _response = new("Response");
    private readonly PayloadProperty<Exception> _exception = new("Exception");
    private IDisposable? _subscription;
    private bool _disposed;

    public ClientSpanHookListener(ClientSpanHooks hooks, HookFailures failures)
    {
        _hooks = hooks;
        _failures = failures;
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name != ListenerName)
        {
            return;
        }

        lock (_lock)
        {
            if (!_disposed)
            {
                _subscription?.Dispose();
                _subscription = value.Subscribe(this, IsEnabled);
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        var activity = Activity.Current;
        // An activity without a source is HttpClient's own fallback for a request the sampler dropped.
        if (activity is null || !activity.IsAllDataRequested || activity.Source.Name != SourceName)
        {
            return;
        }

        switch (value.Key)
        {
            case StartEvent when _request.TryGet(value.Value) is { } request:
                OnStart(activity, request);
                break;
            case StopEvent when _hooks.EnrichWithResponse is { } enrich && _response.TryGet(value.Value) is { } response:
                Run(enrich, activity, response, "HttpClientTraceInstrumentationOptions.EnrichWithHttpResponseMessage");
                break;
            case ExceptionEvent when _exception.TryGet(value.Value) is { } exception:
                OnException(activity, exception);
                break;
            default:
                break;
        }
    }

    private void OnStart(Activity activity, HttpRequestMessage request)
    {
        if (_hooks.Filter is { } filter)
        {
            bool keep;
            try
            {
                keep = filter(request);
            }
#pragma warning disable CA1031 // A hook's failure must never reach the request; as the contrib package does, a failing filter drops the span.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _failures.Report("HttpClientTraceInstrumentationOptions.FilterHttpRequestMessage", exception);
                keep = false;
            }

            if (!keep)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                return;
            }
        }

        if (_hooks.EnrichWithRequest is { } enrich)
        {
            Run(enrich, activity, request, "HttpClientTraceInstrumentationOptions.EnrichWithHttpRequestMessage");
        }
    }

    private void OnException(Activity activity, Exception exception)
    {
        if (_hooks.EnrichWithException is { } enrich)
        {
            Run(enrich, activity, exception, "HttpClientTraceInstrumentationOptions.EnrichWithException");
        }
    }

    private void Run<T>(Action<Activity, T> hook, Activity activity, T argument, string name)
    {
        try
        {
            hook(activity, argument);
        }
#pragma warning disable CA1031 // A hook's failure must never reach the request.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _failures.Report(name, exception);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _subscription?.Dispose();
            _subscription = null;
        }

        _allListeners.Dispose();
    }

    /// <summary>
    /// Reads one property of HttpClient's event payloads, whose types are internal to System.Net.Http; the property is
    /// looked up once per payload type.
    /// </summary>
    private sealed class PayloadProperty<T>
        where T : class
    {
        private readonly string _name;
        private Lookup? _cached;

        public PayloadProperty(string name)
        {
            _name = name;
        }

        [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "DiagnosticSource.Write preserves the public properties of the payload types HttpClient writes.")]
        public T? TryGet(object? payload)
        {
            if (payload is null)
            {
                return null;
            }

            var type = payload.GetType();
            var lookup = _cached;
            if (lookup is null || lookup.Type != type)
            {
                lookup = new Lookup(type, type.GetProperty(_name));
                _cached = lookup;
            }

            return lookup.Property?.GetValue(payload) as T;
        }

        private sealed record Lookup(Type Type, System.Reflection.PropertyInfo? Property);
    }
}
