using System.Diagnostics;
using OpenTelemetry.Instrumentation.Http;

namespace Tracing.Sdk.Instrumentation;

/// <summary>
/// The HttpClient hooks of <see cref="HttpClientTraceInstrumentationOptions"/>, as the application set them, run by
/// <see cref="ClientSpanHookListener"/> on .NET's own <c>System.Net.Http</c> client spans.
/// </summary>
internal sealed class ClientSpanHooks
{
    public Func<HttpRequestMessage, bool>? Filter { get; private set; }

    public Action<Activity, HttpRequestMessage>? EnrichWithRequest { get; private set; }

    public Action<Activity, HttpResponseMessage>? EnrichWithResponse { get; private set; }

    public Action<Activity, Exception>? EnrichWithException { get; private set; }

    /// <summary>
    /// .NET 10 records a failed request's exception as an event on its client span anyway; taken only so the contrib
    /// listener, when registered too, does not record it a second time.
    /// </summary>
    public bool RecordException { get; private set; }

    public bool IsEmpty => Filter is null && EnrichWithRequest is null && EnrichWithResponse is null && EnrichWithException is null;

    /// <summary>Takes the hooks out of <paramref name="options"/>; creating the options again takes the same hooks again.</summary>
    public void Take(HttpClientTraceInstrumentationOptions options)
    {
        Filter = options.FilterHttpRequestMessage;
        EnrichWithRequest = options.EnrichWithHttpRequestMessage;
        EnrichWithResponse = options.EnrichWithHttpResponseMessage;
        EnrichWithException = options.EnrichWithException;
        RecordException = options.RecordException;

        options.FilterHttpRequestMessage = null;
        options.EnrichWithHttpRequestMessage = null;
        options.EnrichWithHttpResponseMessage = null;
        options.EnrichWithException = null;
        options.RecordException = false;
    }
}
