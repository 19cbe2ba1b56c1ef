using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>One run of the receiver's Kestrel server: bound at start, gone at stop.</summary>
internal sealed class ReceiverHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);
    private readonly WebApplication _app;

    private ReceiverHost(WebApplication app, int grpcPort, int httpPort)
    {
        _app = app;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public static async Task<ReceiverHost> StartAsync(
        OtlpReceiverOptions options,
        int grpcPort,
        int httpPort,
        RequestRouter router,
        CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration, so the host process's appsettings and ASPNETCORE_* cannot move the ports.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        ListenOptions? grpcListen = null;
        ListenOptions? httpListen = null;
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen =>
            {
                grpcListen = listen;
                Configure(listen, HttpProtocols.Http2, options);
            });
            kestrel.Listen(IPAddress.Loopback, httpPort, listen =>
            {
                httpListen = listen;
                Configure(listen, HttpProtocols.Http1AndHttp2, options);
            });
        });

        var app = builder.Build();
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Kestrel writes the bound port back into the listen options, which resolves port 0.
        return new ReceiverHost(app, grpcListen!.IPEndPoint!.Port, httpListen!.IPEndPoint!.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    private static void Configure(ListenOptions listen, HttpProtocols protocols, OtlpReceiverOptions options)
    {
        listen.Protocols = protocols;
        if (options.ServerCertificate is null)
        {
            return;
        }

        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = options.ServerCertificate,
            ClientCertificateMode = options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
            ClientCertificateValidation = options.ClientCertificateValidation,
        });
    }
}
