using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tracing.Sdk.AspNetCore.Tests.TestSupport;

namespace Tracing.Sdk.AspNetCore.Tests.Sampling;

/// <summary>Sampling rules set in code, decided from the tags ASP.NET Core on .NET 10 sets when it creates the server span.</summary>
[Collection(SoleTracerProvider.Name)]
public class RouteSamplingTests
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { ActivityHeadersPropagator = null });

    private static void Map(WebApplication app)
    {
        app.MapGet("/catalog/{id}", (string id) => Results.Ok(id));
        app.MapPost("/catalog/{id}", (string id) => Results.Ok(id));
        app.MapGet("/internal/{id}", async (string id, IHttpClientFactory factory, HttpContext context) =>
            await factory.CreateClient().GetStringAsync(new Uri(new Uri(context.Request.Scheme + "://" + context.Request.Host), "/catalog/from-internal")));
        app.MapGet("/checkout/{id}", async (string id, IHttpClientFactory factory, HttpContext context) =>
            await factory.CreateClient().GetStringAsync(new Uri(new Uri(context.Request.Scheme + "://" + context.Request.Host), "/internal/from-checkout")));
    }

    private static string? PathOf(Activity span) => span.GetTagItem("url.path") as string;

    [Fact]
    public async Task RuleWithMethod_InCode_DropsOnlyThatMethod()
    {
        await using var app = await TracedWebApp.StartAsync(Map, configure: o =>
            o.SamplingRules.Add(new SamplingRule("/CATALOG/*", 0) { Method = "get" }));

        await Client.GetAsync(new Uri(app.BaseAddress, "/catalog/1"));
        await Client.PostAsync(new Uri(app.BaseAddress, "/catalog/2"), null);

        var spans = await app.WaitForSpansAsync(s => s.Any(x => PathOf(x) == "/catalog/2"));
        Assert.DoesNotContain(spans, s => PathOf(s) == "/catalog/1");
        Assert.Equal("POST", Assert.Single(spans, s => s.Kind == ActivityKind.Server).GetTagItem("http.request.method"));
    }

    [Fact]
    public async Task DroppedRoot_ItsClientCallsAndTheirServerSpans_FollowIt()
    {
        await using var app = await TracedWebApp.StartAsync(Map, configure: o =>
        {
            o.SamplingRules.Add(new SamplingRule("/internal/*", 0));
            o.SamplingRules.Add(new SamplingRule("/catalog/*", 1_000_000));
        });

        await Client.GetAsync(new Uri(app.BaseAddress, "/internal/1"));
        await Client.GetAsync(new Uri(app.BaseAddress, "/catalog/last"));

        var spans = await app.WaitForSpansAsync(s => s.Any(x => PathOf(x) == "/catalog/last"));
        Assert.Equal(["/catalog/last"], spans.Where(s => s.Kind == ActivityKind.Server).Select(PathOf));
        Assert.DoesNotContain(spans, s => (s.GetTagItem("url.full") as string)?.Contains("from-internal", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task KeptRoot_CallingARateZeroRoute_RecordsTheWholeTrace()
    {
        await using var app = await TracedWebApp.StartAsync(
            Map,
            new() { ["K8sTracing:SamplingRatePerMillion"] = "0" },
            o =>
            {
                o.SamplingRules.Add(new SamplingRule("/checkout/*", 1_000_000));
                o.SamplingRules.Add(new SamplingRule("/internal/*", 0));
            });

        await Client.GetAsync(new Uri(app.BaseAddress, "/checkout/1"));

        var spans = await app.WaitForSpansAsync(s => s.Any(x => PathOf(x) == "/checkout/1") && s.Any(x => PathOf(x) == "/catalog/from-internal"));
        var root = Assert.Single(spans, s => PathOf(s) == "/checkout/1");
        Assert.All(spans, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.Equal(2, spans.Count(s => s.Kind == ActivityKind.Client));
        Assert.Single(spans, s => PathOf(s) == "/internal/from-checkout");
    }
}
