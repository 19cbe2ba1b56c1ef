using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tracing.Sdk.IntegrationTests.Propagation;

/// <summary>
/// The conformance host's W3C test-harness contract (<c>POST /test</c>), every case the official harness
/// (w3c/trace-context <c>test/test.py</c>, Level 2 strict) sends, B3 deny-only, and its trust of hostile input.
/// </summary>
[Collection(ProcessWidePropagation.Name)]
public class ConformanceHostTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanId = "b7ad6b7169203331";
    private const string HarnessTraceId = "12345678901234567890123456789012";

    [Fact]
    public async Task Test_HarnessCases_EachArgumentsPostedWithContext()
    {
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test")
        {
            Content = JsonContent.Create(new[]
            {
                new { url = runner.CallbackUrl.ToString(), arguments = Array.Empty<object>() },
                new { url = runner.CallbackUrl.ToString(), arguments = Array.Empty<object>() },
            }),
        };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-{SpanId}-01");
        request.Headers.TryAddWithoutValidation("tracestate", "foo=1,bar=2");

        using var response = await runner.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.Equal(2, runner.Received.Count);
        foreach (var headers in runner.Received)
        {
            Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", headers["traceparent"]);
            Assert.DoesNotContain(SpanId, headers["traceparent"], StringComparison.Ordinal);
            Assert.Equal("foo=1,bar=2", headers["tracestate"]);
        }
    }

    /// <summary>The harness's valid <c>traceparent</c> cases: the trace id is continued under a new parent id.</summary>
    [Fact]
    public async Task Test_HarnessValidTraceParent_TraceContinued()
    {
        string[][] cases =
        [
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_included_tracestate_missing
            ["TraceParent", "00-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_header_name_valid_casing
            ["TrAcEpArEnT", "00-" + HarnessTraceId + "-1234567890123456-01"],
            ["TRACEPARENT", "00-" + HarnessTraceId + "-1234567890123456-01"],
            ["traceparent", "cc-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_version_0xcc
            ["traceparent", "cc-" + HarnessTraceId + "-1234567890123456-01-what-the-future-will-be-like"],
            ["traceparent", " 00-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_ows_handling
            ["traceparent", "\t00-" + HarnessTraceId + "-1234567890123456-01"],
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-01 "],
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-01\t"],
            ["traceparent", "\t 00-" + HarnessTraceId + "-1234567890123456-01 \t"],
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-02"], // propagates_random_flag (Level 2)
        ];
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");
        var failures = new List<string>();
        foreach (var pair in cases)
        {
            var traceParent = (await runner.HarnessCaseAsync([(pair[0], pair[1])])).Single()["traceparent"];
            var expectedFlags = pair[1].Trim().EndsWith("-02", StringComparison.Ordinal) ? "0[23]" : "0[13]";
            if (!Regex.IsMatch(traceParent, $"^00-{HarnessTraceId}-(?!1234567890123456)[0-9a-f]{{16}}-{expectedFlags}$"))
            {
                failures.Add($"{pair[0]}: {pair[1]} -> {traceParent}");
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>The harness's invalid <c>traceparent</c> cases: a new trace id, never one of those received.</summary>
    [Fact]
    public async Task Test_HarnessInvalidTraceParent_NewTrace()
    {
        string[][] cases =
        [
            [], // both_traceparent_and_tracestate_missing
            ["traceparent", "00-12345678901234567890123456789011-1234567890123456-01", "traceparent", "00-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_duplicated
            ["trace-parent", "00-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_header_name
            ["trace.parent", "00-" + HarnessTraceId + "-1234567890123456-01"],
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-01."], // traceparent_version_0x00
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-01-what-the-future-will-be-like"],
            ["traceparent", "cc-" + HarnessTraceId + "-1234567890123456-01.what-the-future-will-be-like"], // traceparent_version_0xcc
            ["traceparent", "ff-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_version_0xff
            ["traceparent", ".0-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_version_illegal_characters
            ["traceparent", "0.-" + HarnessTraceId + "-1234567890123456-01"],
            ["traceparent", "000-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_version_too_long
            ["traceparent", "0000-" + HarnessTraceId + "-1234567890123456-01"],
            ["traceparent", "0-" + HarnessTraceId + "-1234567890123456-01"], // traceparent_version_too_short
            ["traceparent", "00-00000000000000000000000000000000-1234567890123456-01"], // traceparent_trace_id_all_zero
            ["traceparent", "00-.2345678901234567890123456789012-1234567890123456-01"], // traceparent_trace_id_illegal_characters
            ["traceparent", "00-1234567890123456789012345678901.-1234567890123456-01"],
            ["traceparent", "00-123456789012345678901234567890123-1234567890123456-01"], // traceparent_trace_id_too_long
            ["traceparent", "00-1234567890123456789012345678901-1234567890123456-01"], // traceparent_trace_id_too_short
            ["traceparent", "00-" + HarnessTraceId + "-0000000000000000-01"], // traceparent_parent_id_all_zero
            ["traceparent", "00-" + HarnessTraceId + "-.234567890123456-01"], // traceparent_parent_id_illegal_characters
            ["traceparent", "00-" + HarnessTraceId + "-123456789012345.-01"],
            ["traceparent", "00-" + HarnessTraceId + "-12345678901234567-01"], // traceparent_parent_id_too_long
            ["traceparent", "00-" + HarnessTraceId + "-123456789012345-01"], // traceparent_parent_id_too_short
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-.0"], // traceparent_trace_flags_illegal_characters
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-0."],
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-001"], // traceparent_trace_flags_too_long
            ["traceparent", "00-" + HarnessTraceId + "-1234567890123456-1"], // traceparent_trace_flags_too_short
        ];
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");
        var failures = new List<string>();
        foreach (var flat in cases)
        {
            var headers = Pairs(flat);
            var traceParent = (await runner.HarnessCaseAsync(headers)).Single()["traceparent"];
            var match = Regex.Match(traceParent, "^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
            if (!match.Success || flat.Any(value => value.Contains(match.Groups[1].Value, StringComparison.Ordinal)) ||
                match.Groups[1].Value is "00000000000000000000000000000000" or "23456789012345678901234567890123")
            {
                failures.Add($"{string.Join(" | ", flat)} -> {traceParent}");
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>
    /// The harness's <c>tracestate</c> cases (Level 2 key grammar, repeated keys tolerated, 32 members, value grammar,
    /// OWS), each sent as separate header lines with <c>traceparent: 00-…-00</c>; null means no <c>tracestate</c> out.
    /// </summary>
    [Fact]
    public async Task Test_HarnessTraceState_InheritedPerLevel2()
    {
        var key256 = new string('z', 256);
        var tenantKey = new string('t', 241) + "@" + new string('v', 14);
        var longTenantKey = new string('t', 242) + "@v";
        var longSystemKey = "t@" + new string('v', 15);
        var keyChars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
        var valueChars = string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not (',' or '=')));
        (string[] Lines, string? Expected)[] cases =
        [
            (["foo=1,bar=2"], "foo=1,bar=2"), // tracestate_included_traceparent_included
            (["foo=1"], "foo=1"), // tracestate_header_name_valid_casing (name casing below)
            ([""], null), // tracestate_empty_header
            (["foo=1", ""], "foo=1"),
            (["", "foo=1"], "foo=1"),
            (["foo=1,bar=2", "rojo=1,congo=2", "baz=3"], "foo=1,bar=2,rojo=1,congo=2,baz=3"), // multiple_headers_different_keys
            (["foo=1,foo=1"], "foo=1"), // tracestate_duplicated_keys
            (["foo=1,foo=2"], "foo=1"),
            (["foo=1", "foo=1"], "foo=1"),
            (["foo=1", "foo=2"], "foo=1"),
            ([keyChars + "=" + valueChars], keyChars + "=" + valueChars), // tracestate_all_allowed_characters
            ([keyChars + "@a-z0-9_-*/=" + valueChars], keyChars + "@a-z0-9_-*/=" + valueChars),
            (["foo=1 \t , \t bar=2, \t baz=3"], "foo=1,bar=2,baz=3"), // tracestate_ows_handling
            (["foo=1\t \t,\t \tbar=2,\t \tbaz=3"], "foo=1,bar=2,baz=3"),
            ([" foo=1"], "foo=1"),
            (["\tfoo=1"], "foo=1"),
            (["foo=1 "], "foo=1"),
            (["foo=1\t"], "foo=1"),
            (["\t foo=1 \t"], "foo=1"),
            (["foo =1"], null), // tracestate_key_illegal_characters
            (["FOO=1"], null),
            (["foo.bar=1"], null),
            (["foo@=1,bar=2"], "foo@=1,bar=2"), // tracestate_key_illegal_vendor_format
            (["@foo=1,bar=2"], null),
            (["foo@@bar=1,bar=2"], "foo@@bar=1,bar=2"),
            (["foo@bar@baz=1,bar=2"], "foo@bar@baz=1,bar=2"),
            ([Members(1, 10), Members(11, 20), Members(21, 30), Members(31, 32)], Members(1, 32)), // tracestate_member_count_limit
            ([Members(1, 10), Members(11, 20), Members(21, 30), Members(31, 33)], null),
            (["foo=1", key256 + "=1"], "foo=1," + key256 + "=1"), // tracestate_key_length_limit
            (["foo=1", new string('z', 257) + "=1"], null),
            (["foo=1", tenantKey + "=1"], "foo=1," + tenantKey + "=1"),
            (["foo=1", longTenantKey + "=1"], "foo=1," + longTenantKey + "=1"),
            (["foo=1", longSystemKey + "=1"], "foo=1," + longSystemKey + "=1"),
            (["foo=bar=baz"], null), // tracestate_value_illegal_characters
            (["foo=,bar=3"], null),
        ];
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");
        var failures = new List<string>();
        foreach (var (lines, expected) in cases)
        {
            var headers = lines.Select(line => ("tracestate", line)).Prepend(("traceparent", "00-" + HarnessTraceId + "-1234567890123456-00"));
            var outgoing = (await runner.HarnessCaseAsync(headers)).Single();
            var traceState = Normalize(outgoing.GetValueOrDefault("tracestate"));
            if (traceState != expected || !outgoing["traceparent"].StartsWith("00-" + HarnessTraceId + "-", StringComparison.Ordinal))
            {
                failures.Add($"[{string.Join(" | ", lines.Select(l => l.Length > 40 ? l[..40] + "…" : l))}] -> {traceState ?? "(none)"}");
            }
        }

        foreach (var (name, value) in new[] { ("TraceState", "foo=1"), ("TrAcEsTaTe", "foo=1"), ("TRACESTATE", "foo=1"), ("trace-state", null), ("trace.state", null) })
        {
            var outgoing = (await runner.HarnessCaseAsync([("traceparent", "00-" + HarnessTraceId + "-1234567890123456-00"), (name, "foo=1")])).Single();
            if (Normalize(outgoing.GetValueOrDefault("tracestate")) != value)
            {
                failures.Add($"{name}: foo=1 -> {outgoing.GetValueOrDefault("tracestate") ?? "(none)"}");
            }
        }

        // tracestate_included_traceparent_missing: no traceparent, so the tracestate is not inherited.
        if ((await runner.HarnessCaseAsync([("tracestate", "foo=1,bar=2")])).Single().ContainsKey("tracestate"))
        {
            failures.Add("tracestate without traceparent was inherited");
        }

        Assert.Empty(failures);

        static string Members(int first, int last) =>
            string.Join(',', Enumerable.Range(first, last - first + 1).Select(i => $"bar{i:00}={i:00}"));

        // Members compared without the optional white space around them, which may or may not be propagated.
        static string? Normalize(string? traceState) =>
            traceState is null ? null : string.Join(',', traceState.Split(',').Select(m => m.Trim(' ', '\t')).Where(m => m.Length > 0));
    }

    /// <summary>The harness's <c>AdvancedTest</c>: three callbacks from one request share its trace, each with its own parent id.</summary>
    [Theory]
    [InlineData("00-" + HarnessTraceId + "-1234567890123456-01", true)] // multiple_requests_with_valid_traceparent
    [InlineData(null, false)] // multiple_requests_without_traceparent
    [InlineData("00-00000000000000000000000000000000-1234567890123456-01", false)] // multiple_requests_with_illegal_traceparent
    public async Task Test_HarnessThreeCallbacks_OneTraceThreeParentIds(string? traceParent, bool continued)
    {
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");
        var calls = await runner.HarnessCaseAsync(traceParent is null ? [] : [("traceparent", traceParent)], callbacks: 3);

        Assert.Equal(3, calls.Count);
        var parsed = calls.Select(headers => Regex.Match(headers["traceparent"], "^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")).ToList();
        Assert.All(parsed, match => Assert.True(match.Success));
        var traceId = Assert.Single(parsed.Select(match => match.Groups[1].Value).Distinct());
        Assert.Equal(3, parsed.Select(match => match.Groups[2].Value).Distinct().Count());
        Assert.NotEqual("00000000000000000000000000000000", traceId);
        Assert.Equal(continued, traceId == HarnessTraceId);
    }

    [Theory]
    [InlineData("b3", "0")]
    [InlineData("X-B3-Sampled", "0")]
    public async Task TraceEcho_B3DenyOnly_RootNotRecordedDenyPassedOn(string name, string value)
    {
        await using var runner = await ConformanceHostRunner.StartAsync("b3multi,tracecontext,baggage");
        var (echo, outgoing) = await runner.TraceEchoAsync(JsonSerializer.SerializeToElement(new Dictionary<string, string> { [name] = value }));

        Assert.Equal(JsonValueKind.Null, echo.GetProperty("parentSpanId").ValueKind);
        Assert.False(echo.GetProperty("sampled").GetBoolean());
        Assert.Equal("0", outgoing["x-b3-sampled"]);
        Assert.Equal(echo.GetProperty("traceId").GetString(), outgoing["x-b3-traceid"]);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]$", outgoing["traceparent"]);
    }

    [Fact]
    public async Task TraceEcho_TwoB3SampledHeaders_FirstWins()
    {
        await using var runner = await ConformanceHostRunner.StartAsync("b3multi");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/trace-echo?callback=" + Uri.EscapeDataString(runner.CallbackUrl.ToString()));
        request.Headers.TryAddWithoutValidation("X-B3-TraceId", TraceId);
        request.Headers.TryAddWithoutValidation("X-B3-SpanId", SpanId);
        request.Headers.TryAddWithoutValidation("X-B3-Sampled", ["0", "1"]);

        using var response = await runner.Client.SendAsync(request);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(SpanId, echo.GetProperty("parentSpanId").GetString());
        Assert.False(echo.GetProperty("sampled").GetBoolean());
        Assert.True(runner.Received.TryDequeue(out var outgoing));
        Assert.Equal("0", outgoing["x-b3-sampled"]);
    }

    private static (string Name, string Value)[] Pairs(string[] flat) =>
        [.. Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[(2 * i) + 1]))];

    [Theory]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-" + SpanId + "-01")]
    [InlineData("00-" + TraceId + "-" + SpanId + "-01,00-" + TraceId + "-" + SpanId + "-01")]
    [InlineData("ff-" + TraceId + "-" + SpanId + "-01")]
    public async Task TraceEcho_InvalidTraceParent_FreshTraceNoEcho(string traceParent)
    {
        await using var runner = await ConformanceHostRunner.StartAsync("tracecontext,baggage");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/trace-echo?callback=" + Uri.EscapeDataString(runner.CallbackUrl.ToString()));
        request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        request.Headers.TryAddWithoutValidation("baggage", "k=v%0D%0Ax-injected:%201");

        using var response = await runner.Client.SendAsync(request);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(TraceId, echo.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("parentSpanId").ValueKind);

        Assert.True(runner.Received.TryDequeue(out var outgoing));
        Assert.False(outgoing.ContainsKey("x-injected"));
        Assert.Equal("k=v%0D%0Ax-injected:%201", outgoing["baggage"]); // CR LF stay encoded; ":" is a legal baggage octet
    }
}
