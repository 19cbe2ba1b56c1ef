using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tracing.Sdk.Configuration;
using Keys = Tracing.Sdk.Configuration.OtelEnvironmentVariables;

namespace Tracing.Sdk.Exporting;

/// <summary>
/// Makes the <see cref="HttpClient"/> the OTLP exporter sends with: export headers, timeout, and TLS to the collector —
/// the system trust store, or a custom certificate authority, plus a client certificate for mutual TLS — from the
/// signal-specific variables too. Certificates are loaded once; a file that cannot be read is reported by key and
/// left out, so export fails with a clear message instead of the application failing to start.
/// </summary>
internal sealed class ExportHttpClientFactory
{
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly TimeSpan _timeout;
    private readonly X509Certificate2Collection? _trustedAuthorities;
    private readonly X509Certificate2? _clientCertificate;
    private int _requested;

    public ExportHttpClientFactory(K8sTracingOptions options, TimeSpan timeout, SetupDiagnostics diagnostics)
    {
        _headers = [.. options.ExportHeaders];
        _timeout = timeout;

        if (options.ExportCertificateFile is { } caFile)
        {
            _trustedAuthorities = Load(Keys.OtlpCertificate, caFile, diagnostics, path =>
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPemFile(path);
                return collection.Count > 0 ? collection : throw new CryptographicException("the file holds no PEM certificate");
            });
        }

        if (options.ExportClientCertificateFile is { } certificateFile)
        {
            if (options.ExportClientKeyFile is { } keyFile)
            {
                _clientCertificate = Load(Keys.OtlpClientCertificate, certificateFile, diagnostics, path => X509Certificate2.CreateFromPemFile(path, keyFile));
            }
            else
            {
                diagnostics.Warn(Keys.OtlpClientKey, "a client certificate is set but no client key; mutual TLS is off.");
            }
        }
        else if (options.ExportClientKeyFile is not null)
        {
            diagnostics.Warn(Keys.OtlpClientCertificate, "a client key is set but no client certificate; mutual TLS is off.");
        }
    }

    public bool UsesCustomTrust => _trustedAuthorities is not null;

    public bool UsesClientCertificate => _clientCertificate is not null;

    /// <summary>Called before the first request any client of this factory sends, once (the export health reporter starts listening then).</summary>
    public Action? BeforeFirstRequest { get; set; }

    public HttpClient Create() => Create(wrap: null);

    /// <summary>A client whose handler is <paramref name="wrap"/> around the one that talks to the collector.</summary>
    public HttpClient Create(Func<HttpMessageHandler, HttpMessageHandler>? wrap)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = _timeout,
        };

        if (_clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [_clientCertificate];
        }

        if (_trustedAuthorities is { } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                IsTrusted(certificate as X509Certificate2, errors, authorities);
        }

        HttpMessageHandler pipeline = wrap is null ? handler : wrap(handler);
        if (BeforeFirstRequest is not null)
        {
            pipeline = new FirstRequestHandler(this) { InnerHandler = pipeline };
        }

        var client = new HttpClient(pipeline, disposeHandler: true) { Timeout = _timeout };
        foreach (var header in _headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        return client;
    }

    /// <summary>Accepts a certificate whose chain ends at one of <paramref name="authorities"/>; the host name must still match.</summary>
    internal static bool IsTrusted(X509Certificate2? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static T? Load<T>(string key, string path, SetupDiagnostics diagnostics, Func<string, T> load)
        where T : class
    {
        try
        {
            return load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            diagnostics.Warn(key, $"'{path}' could not be loaded ({e.GetType().Name}: {e.Message}); it was ignored.");
            return null;
        }
    }

    private void OnRequest()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 0)
        {
            BeforeFirstRequest?.Invoke();
        }
    }

    /// <summary>Runs <see cref="BeforeFirstRequest"/> ahead of the first request; after that, one read per request.</summary>
    private sealed class FirstRequestHandler(ExportHttpClientFactory factory) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref factory._requested) == 0)
            {
                factory.OnRequest();
            }

            return base.SendAsync(request, cancellationToken);
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref factory._requested) == 0)
            {
                factory.OnRequest();
            }

            return base.Send(request, cancellationToken);
        }
    }
}
