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
        ReceiverState state,
        CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration, so the host process's appsettings and ASPNETCORE_* cannot move the ports.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<ExportProcessor>();
        builder.Services.AddSingleton<TraceExportService>();
        builder.Services.AddSingleton<HttpExportEndpoint>();
        builder.Services.AddGrpc(grpc =>
        {
            // A collector takes whatever batch the exporter sends; the 4 MB default would refuse large load-run batches.
            grpc.MaxReceiveMessageSize = null;
            grpc.EnableDetailedErrors = true;
        });
        ListenOptions? grpcListen = null;
        ListenOptions? httpListen = null;
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // gRPC: HTTP/2 only, so cleartext clients speak it with prior knowledge (h2c); with TLS, h2 is chosen by ALPN.
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
        app.Use(new GrpcRequestMeter(state).InvokeAsync);
        app.MapGrpcService<TraceExportService>();
        app.Map(OtlpReceiver.HttpTracesPath, app.Services.GetRequiredService<HttpExportEndpoint>().HandleAsync);
        if (options.ServeAdminEndpoints)
        {
            var admin = new AdminEndpoints(state);
            app.MapGet("/stats", admin.WriteStatsAsync);
            app.MapPost("/behavior", admin.SetBehaviorAsync);
        }

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
