using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Tests.Configuration;

public class K8sTracingConfigurationReaderTests
{
    private static (K8sTracingOptions Options, ConfiguredValues Configured, SetupDiagnostics Diagnostics) Read(params (string Key, string? Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var options = new K8sTracingOptions();
        var diagnostics = new SetupDiagnostics();
        var configured = K8sTracingConfigurationReader.Read(configuration, options, diagnostics);
        return (options, configured, diagnostics);
    }

    [Fact]
    public void Read_Nothing_KeepsDefaults()
    {
        var (options, configured, diagnostics) = Read();

        Assert.True(options.Enabled);
        Assert.Equal(TracesExporter.Otlp, options.Exporter);
        Assert.Equal(OtlpExportProtocol.Grpc, options.Protocol);
        Assert.Null(options.Endpoint);
        Assert.Null(configured.SchemelessBaseEndpoint);
        Assert.False(configured.BaseEndpointRejected);
        Assert.Empty(options.Assigned);
        Assert.Equal(["tracecontext", "baggage"], options.Propagators);
        Assert.Equal(K8sTracingOptions.DefaultProbePaths, options.ProbePaths);
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("TRUE", false)]
    [InlineData("false", true)]
    public void Read_SdkDisabled_SetsEnabled(string value, bool enabled)
    {
        Assert.Equal(enabled, Read(("OTEL_SDK_DISABLED", value)).Options.Enabled);
    }

    [Fact]
    public void Read_SdkDisabledGarbage_WarnsAndStaysEnabled()
    {
        var (options, _, diagnostics) = Read(("OTEL_SDK_DISABLED", "yes please"));

        Assert.True(options.Enabled);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("OTEL_SDK_DISABLED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("otlp", TracesExporter.Otlp)]
    [InlineData("console", TracesExporter.Console)]
    [InlineData("none", TracesExporter.None)]
    [InlineData("zipkin", TracesExporter.Zipkin)]
    [InlineData("zipkin,console", TracesExporter.Zipkin | TracesExporter.Console)]
    [InlineData("otlp, console", TracesExporter.Otlp | TracesExporter.Console)]
    [InlineData("OTLP,zipkin,otlp", TracesExporter.Otlp | TracesExporter.Zipkin)]
    [InlineData("none,console", TracesExporter.Console)]
    public void Read_TracesExporterList_EveryNamedExporter(string value, TracesExporter expected)
    {
        Assert.Equal(expected, Read(("OTEL_TRACES_EXPORTER", value)).Options.Exporter);
    }

    [Fact]
    public void Read_ListWithUnknownName_SkipsItWithAWarningAndKeepsTheRest()
    {
        var (options, _, diagnostics) = Read(("OTEL_TRACES_EXPORTER", "otlp,jaeger,console"));

        Assert.Equal(TracesExporter.Otlp | TracesExporter.Console, options.Exporter);
        Assert.Single(diagnostics.Warnings, w => w.StartsWith("OTEL_TRACES_EXPORTER", StringComparison.Ordinal) && w.Contains("'jaeger'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnknownExporter_WarnsAndKeepsOtlp()
    {
        var (options, _, diagnostics) = Read(("OTEL_TRACES_EXPORTER", "jaeger"));

        Assert.Equal(TracesExporter.Otlp, options.Exporter);
        Assert.Contains(diagnostics.Warnings, w => w.Contains("'jaeger'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SignalEndpoint_WinsAndIsUsedAsGiven()
    {
        var (options, configured, _) = Read(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:9999/custom/path"));

        Assert.Equal(new Uri("http://traces:9999/custom/path"), options.Endpoint);
        Assert.Equal("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", configured.OriginOf("endpoint", options.Endpoint));
    }

    [Fact]
    public void Read_BaseEndpoint_IsLeftToTheSdk()
    {
        var (options, configured, diagnostics) = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));

        Assert.Null(options.Endpoint);
        Assert.Null(configured.SchemelessBaseEndpoint);
        Assert.False(configured.BaseEndpointRejected);
        Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", configured.OriginOf("endpoint", options.Endpoint));
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData("localhost:4317/v1/traces")]
    [InlineData("ftp://collector:4317")]
    [InlineData("not a url")]
    public void Read_BadEndpoint_WarnsAndIgnores(string endpoint)
    {
        var (options, configured, diagnostics) = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint));

        Assert.Null(options.Endpoint);
        Assert.True(configured.BaseEndpointRejected);
        Assert.Equal("default", configured.OriginOf("endpoint", options.Endpoint));
        Assert.Equal(2, diagnostics.Warnings.Count);
    }

    [Theory]
    [InlineData(null, "https://collector:4317/")]
    [InlineData("true", "http://collector:4317/")]
    public void Read_GrpcBaseEndpointWithoutScheme_IsCorrectedForTheSdk(string? insecure, string expected)
    {
        var (_, configured, diagnostics) = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"), ("OTEL_EXPORTER_OTLP_INSECURE", insecure));

        Assert.Equal(new Uri(expected), configured.SchemelessBaseEndpoint);
        Assert.Empty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData(null, "https://collector:4317/")]
    [InlineData("false", "https://collector:4317/")]
    [InlineData("true", "http://collector:4317/")]
    public void Read_GrpcEndpointWithoutScheme_UsesTlsUnlessInsecure(string? insecure, string expected)
    {
        var (options, _, diagnostics) = Read(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4317"), ("OTEL_EXPORTER_OTLP_INSECURE", insecure));

        Assert.Equal(new Uri(expected), options.Endpoint);
        Assert.Empty(diagnostics.Warnings);
    }

    [Fact]
    public void Read_HttpEndpointWithoutScheme_IsRejected()
    {
        var (options, _, diagnostics) = Read(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318"));

        Assert.Null(options.Endpoint);
        Assert.NotEmpty(diagnostics.Warnings);
    }

    [Fact]
    public void Read_InsecureGarbage_Warns()
    {
        Assert.Contains(Read(("OTEL_EXPORTER_OTLP_TRACES_INSECURE", "sure")).Diagnostics.Warnings, w => w.StartsWith("OTEL_EXPORTER_OTLP_TRACES_INSECURE", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CertificateFiles_SignalSpecificWin()
    {
        var options = Read(
            ("OTEL_EXPORTER_OTLP_CERTIFICATE", "/general/ca.pem"),
            ("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/traces/ca.pem"),
            ("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/general/client.pem"),
            ("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "/traces/client.key")).Options;

        Assert.Equal("/traces/ca.pem", options.ExportCertificateFile);
        Assert.Equal("/general/client.pem", options.ExportClientCertificateFile);
        Assert.Equal("/traces/client.key", options.ExportClientKeyFile);
    }

    [Fact]
    public void Read_RedactionSettings_Parse()
    {
        var (options, _, diagnostics) = Read(
            ("K8sTracing:RedactedAttributes", "pin,ssn"),
            ("K8sTracing:RedactExceptionMessages", "true"),
            ("K8sTracing:VisibleQueryParameters:0", "page"));

        Assert.Equal(["pin", "ssn"], options.RedactedAttributes);
        Assert.True(options.RedactExceptionMessages);
        Assert.Equal(["page"], options.VisibleQueryParameters);
        Assert.Empty(diagnostics.Warnings);
        Assert.NotEmpty(Read(("K8sTracing:RedactExceptionMessages", "perhaps")).Diagnostics.Warnings);
    }

    [Theory]
    [InlineData("grpc", OtlpExportProtocol.Grpc)]
    [InlineData("http/protobuf", OtlpExportProtocol.HttpProtobuf)]
    [InlineData("HTTP/PROTOBUF", OtlpExportProtocol.HttpProtobuf)]
    public void Read_Protocol_Parses(string value, OtlpExportProtocol expected)
    {
        Assert.Equal(expected, Read(("OTEL_EXPORTER_OTLP_PROTOCOL", value)).Options.Protocol);
    }

    [Fact]
    public void Read_SignalProtocol_WinsOverGeneral()
    {
        var options = Read(("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")).Options;

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, options.Protocol);
    }

    [Fact]
    public void Read_HttpJsonProtocol_WarnsAndUsesGrpc()
    {
        var (options, _, diagnostics) = Read(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"));

        Assert.Equal(OtlpExportProtocol.Grpc, options.Protocol);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("OTEL_EXPORTER_OTLP_PROTOCOL", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Headers_SignalValuesOverrideGeneralOnes()
    {
        var options = Read(
            ("OTEL_EXPORTER_OTLP_HEADERS", "api-key=general,tenant=a%20b"),
            ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "api-key=traces")).Options;

        Assert.Equal("traces", options.ExportHeaders["api-key"]);
        Assert.Equal("a b", options.ExportHeaders["tenant"]);
    }

    [Fact]
    public void Read_HeaderWithControlCharacter_IsSkipped()
    {
        var (options, _, diagnostics) = Read(("OTEL_EXPORTER_OTLP_HEADERS", "x-evil=a%0D%0AInjected: yes,ok=1"));

        Assert.False(options.ExportHeaders.ContainsKey("x-evil"));
        Assert.Equal("1", options.ExportHeaders["ok"]);
        Assert.NotEmpty(diagnostics.Warnings);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "1.5")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "0")]
    public void Read_BadSignalTimeout_WarnsWithItsKeyAndKeepsDefault(string key, string value)
    {
        var (options, _, diagnostics) = Read((key, value), ("OTEL_EXPORTER_OTLP_TIMEOUT", "2500"));

        Assert.Equal(TimeSpan.FromSeconds(10), options.ExportTimeout);
        Assert.Contains(nameof(K8sTracingOptions.ExportTimeout), options.Assigned);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SignalTimeout_IsMilliseconds()
    {
        var options = Read(("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "2500")).Options;

        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.ExportTimeout);
    }

    [Fact]
    public void Read_KeysTheSdkReads_AreNotParsedIntoTheOptions()
    {
        var (options, _, diagnostics) = Read(
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "2500"),
            ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"),
            ("OTEL_BSP_MAX_QUEUE_SIZE", "1000"),
            ("OTEL_BSP_SCHEDULE_DELAY", "700"));

        Assert.Empty(options.Assigned);
        Assert.Empty(diagnostics.Warnings);
    }

    [Fact]
    public void Read_SignalCompression_ParsesAndWinsOverTheBaseKey()
    {
        Assert.Equal(OtlpExportCompression.None, Read(("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "none"), ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")).Options.Compression);
        Assert.Equal(OtlpExportCompression.GZip, Read(("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "GZIP")).Options.Compression);
        Assert.NotEmpty(Read(("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "zstd")).Diagnostics.Warnings);
    }

    [Fact]
    public void Read_SamplerFromEnvironment_IsKeptApartFromCodeSampler()
    {
        var (options, configured, _) = Read(("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0.25"));

        Assert.Null(options.Sampler);
        var sampler = Assert.IsType<TraceIdRatioBasedSampler>(configured.Sampler);
        Assert.Contains("0.25", sampler.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RatePerMillionAndSampler_RateWinsWithWarning()
    {
        var (options, configured, diagnostics) = Read(("OTEL_TRACES_SAMPLER", "always_on"), ("K8sTracing:SamplingRatePerMillion", "1000"));

        Assert.Equal(1000, options.SamplingRatePerMillion);
        Assert.Equal("K8sTracing:SamplingRatePerMillion", configured.Origins["sampler"]);
        Assert.Contains(diagnostics.Warnings, w => w.Contains("the rate wins", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("half")]
    public void Read_BadRatePerMillion_WarnsAndIgnores(string value)
    {
        var (options, _, diagnostics) = Read(("K8sTracing:SamplingRatePerMillion", value));

        Assert.Null(options.SamplingRatePerMillion);
        Assert.NotEmpty(diagnostics.Warnings);
    }

    [Fact]
    public void Read_ProbePathsAsArray_ReplaceDefaults()
    {
        var options = Read(("K8sTracing:ProbePaths:0", "/ping"), ("K8sTracing:ProbePaths:1", "/status/*")).Options;

        Assert.Equal(["/ping", "/status/*"], options.ProbePaths);
    }

    [Fact]
    public void Read_ProbePathsAsCommaList_ReplaceDefaultsAndSkipRelativeOnes()
    {
        var (options, _, diagnostics) = Read(("K8sTracing:ProbePaths", "/ping, health, /ready"));

        Assert.Equal(["/ping", "/ready"], options.ProbePaths);
        Assert.Single(diagnostics.Warnings);
    }

    [Fact]
    public void Read_SectionValues_Parse()
    {
        var options = Read(
            ("K8sTracing:DropKubeProbeUserAgent", "false"),
            ("K8sTracing:Sources:0", "MyCompany.*"),
            ("K8sTracing:ShutdownTimeout", "00:00:04"),
            ("OTEL_PROPAGATORS", "b3, TraceContext")).Options;

        Assert.False(options.DropKubeProbeUserAgent);
        Assert.Equal(["MyCompany.*"], options.Sources);
        Assert.Equal(TimeSpan.FromSeconds(4), options.ShutdownTimeout);
        Assert.Equal(["b3", "tracecontext"], options.Propagators);
    }

    [Theory]
    [InlineData("K8sTracing:ShutdownTimeout", "forever")]
    [InlineData("K8sTracing:ShutdownTimeout", "-00:00:01")]
    [InlineData("K8sTracing:ShutdownTimeout", "01:00:00")]
    [InlineData("K8sTracing:DropKubeProbeUserAgent", "maybe")]
    [InlineData("K8sTracing:IncomingContext", "Sometimes")]
    [InlineData("K8sTracing:IncomingContext", "7")]
    public void Read_BadSectionValue_WarnsAndKeepsDefault(string key, string value)
    {
        var (options, _, diagnostics) = Read((key, value));

        Assert.Equal(TimeSpan.FromSeconds(10), options.ShutdownTimeout);
        Assert.True(options.DropKubeProbeUserAgent);
        Assert.Equal(IncomingTraceContext.Trust, options.IncomingContext);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_IncomingContextByPath_KeepsValidEntriesAndWarnsAboutOthers()
    {
        var (options, _, diagnostics) = Read(
            ("K8sTracing:IncomingContextByPath:/public", "Ignore"),
            ("K8sTracing:IncomingContextByPath:/partners", "link"),
            ("K8sTracing:IncomingContextByPath:/odd", "Sometimes"),
            ("K8sTracing:IncomingContextByPath:relative", "Trust"));

        Assert.Equal(IncomingTraceContext.Ignore, options.IncomingContextByPath["/public"]);
        Assert.Equal(IncomingTraceContext.Link, options.IncomingContextByPath["/partners"]);
        Assert.Equal(2, options.IncomingContextByPath.Count);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("K8sTracing:IncomingContextByPath:/odd", StringComparison.Ordinal));
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("K8sTracing:IncomingContextByPath:relative", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_PassThroughHeaders_AreLowerCasedAndReplaceDefaults()
    {
        var options = Read(("K8sTracing:PassThroughHeaders", "X-Request-Id, X-B3-Flags")).Options;

        Assert.Equal(["x-request-id", "x-b3-flags"], options.PassThroughHeaders);
    }

    [Fact]
    public void Read_ServiceName_SetsOptionWithItsOrigin()
    {
        var (options, configured, _) = Read(("OTEL_SERVICE_NAME", "checkout"));

        Assert.Equal("checkout", options.ServiceName);
        Assert.Equal("OTEL_SERVICE_NAME", configured.OriginOf("service.name", options.ServiceName));
        Assert.Equal("code", configured.OriginOf("service.name", "changed-in-code"));
    }

    [Fact]
    public void Read_SamplingRules_KeepsThemInIndexOrder()
    {
        var (options, _, diagnostics) = Read(
            ("K8sTracing:SamplingRules:0:Path", "/checkout/*"),
            ("K8sTracing:SamplingRules:0:RatePerMillion", "1000000"),
            ("K8sTracing:SamplingRules:1:Path", " /catalog/* "),
            ("K8sTracing:SamplingRules:1:Method", "GET"),
            ("K8sTracing:SamplingRules:1:RatePerMillion", "10000"),
            ("K8sTracing:SamplingRules:10:Path", "/last"),
            ("K8sTracing:SamplingRules:10:RatePerMillion", "5"),
            ("K8sTracing:SamplingRules:2:Path", "/internal/*"),
            ("K8sTracing:SamplingRules:2:RatePerMillion", "0"));

        Assert.Empty(diagnostics.Warnings);
        Assert.Equal(
            ["/checkout/* 1000000", "GET /catalog/* 10000", "/internal/* 0", "/last 5"],
            options.SamplingRules.Select(r => r.ToString()));
        Assert.Null(options.SamplingRules[0].Method);
    }

    [Theory]
    [InlineData("/x", "1000001")]
    [InlineData("/x", "-1")]
    [InlineData("/x", "half")]
    [InlineData("/x", null)]
    [InlineData(" ", "10")]
    [InlineData(null, "10")]
    [InlineData("x/*", "10")]
    [InlineData("/a/*/b", "10")]
    public void Read_InvalidSamplingRule_IsReportedAndSkippedOthersKept(string? path, string? rate)
    {
        var (options, _, diagnostics) = Read(
            ("K8sTracing:SamplingRules:0:Path", "/first"),
            ("K8sTracing:SamplingRules:0:RatePerMillion", "1"),
            ("K8sTracing:SamplingRules:1:Path", path),
            ("K8sTracing:SamplingRules:1:Method", "POST"),
            ("K8sTracing:SamplingRules:1:RatePerMillion", rate),
            ("K8sTracing:SamplingRules:2:Path", "/third"),
            ("K8sTracing:SamplingRules:2:RatePerMillion", "3"));

        Assert.Equal(["/first 1", "/third 3"], options.SamplingRules.Select(r => r.ToString()));
        var warning = Assert.Single(diagnostics.Warnings);
        Assert.StartsWith("K8sTracing:SamplingRules:1:", warning, StringComparison.Ordinal);
        Assert.EndsWith("the rule was skipped.", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SamplingRuleWithBadMethod_IsReportedAndSkipped()
    {
        var (options, _, diagnostics) = Read(
            ("K8sTracing:SamplingRules:0:Path", "/x"),
            ("K8sTracing:SamplingRules:0:Method", "GET,POST"),
            ("K8sTracing:SamplingRules:0:RatePerMillion", "1"));

        Assert.Empty(options.SamplingRules);
        Assert.Contains(diagnostics.Warnings, w => w.Contains("Method 'GET,POST'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SamplingRulesAsOneValue_IsReportedAndIgnored()
    {
        var (options, _, diagnostics) = Read(("K8sTracing:SamplingRules", "/x=0"));

        Assert.Empty(options.SamplingRules);
        Assert.Contains(diagnostics.Warnings, w => w.StartsWith("K8sTracing:SamplingRules:", StringComparison.Ordinal));
    }
}
