using System.Diagnostics;
using System.Text;
using Tracing.Sdk.Propagation;
using static Tracing.Sdk.Tests.Propagation.PropagatorTestHelpers;

namespace Tracing.Sdk.Tests.Propagation;

/// <summary>
/// Throws mutated versions of valid headers (and hostile ones) at every extractor with a fixed seed: nothing throws,
/// every accepted context is valid and canonical, and nothing outside the W3C and B3 grammars reaches outgoing headers.
/// </summary>
public class PropagationFuzzTests
{
    private const int Iterations = 40_000;

    private static readonly string[] Seeds =
    [
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03-extra",
        "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90",
        "a3ce929d0e0e4736-e457b5a2e4d86bd1-d",
        "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,tenant@sys=v a l",
        "userId=alice,serverNode=DF%2028;prop=1,isProduction=false",
        "0",
        "1",
    ];

    private static readonly string[] Alphabet =
    [
        "-", ",", ";", "=", " ", "\t", "\r\n", "\0", "%", "%FF", "%E2%82", "0", "f", "F", "g", "@", "\u00e9", "\ud800", "\"", "\\",
        "00-", "ff-", "x-injected: 1", new string('a', 300), new string('0', 32),
    ];

    [Fact]
    public void Extract_MutatedHeaders_NeverThrowNeverInvalid()
    {
        var random = new Random(20240611);
        var codecs = new[] { Codec("tracecontext", "baggage"), Codec("b3", "baggage"), Codec("b3multi", "tracecontext", "baggage") };
        var names = new[] { "traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags", "baggage" };
        var accepted = 0;

        for (var i = 0; i < Iterations; i++)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (random.Next(3) != 0)
                {
                    headers[name] = Mutate(random, Seeds[random.Next(Seeds.Length)]);
                }
            }

            var codec = codecs[i % codecs.Length];
            var context = ExtractTextMap(codec, headers);
            var (traceParent, traceState) = ExtractDistributed(codec, headers);
            DenyOnlyDecision.Clear(); // a deny-only mutation must not reach other tests' samplers on this thread

            if (traceParent is null)
            {
                Assert.Equal(default, context.ActivityContext);
                continue;
            }

            accepted++;
            Assert.Equal(W3CTraceContext.TraceParentLength, traceParent.Length);
            Assert.True(ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parsed));
            Assert.Equal(context.ActivityContext, parsed);

            Assert.NotEqual(default, parsed.TraceId);
            Assert.NotEqual(default, parsed.SpanId);
            Assert.True(traceState is null || W3CTraceContext.IsValidTraceState(traceState));

            foreach (var item in context.Baggage)
            {
                Assert.True(W3CBaggage.IsToken(item.Key));
            }

            AssertOutgoingIsClean(InjectTextMap(Codec("tracecontext", "baggage", "b3", "b3multi"), context));
        }

        // The mutations leave enough valid input for acceptance to be exercised too.
        Assert.InRange(accepted, Iterations / 20, Iterations);
    }

    [Fact]
    public void Extract_TenMegabyteHeaders_FreshTraceQuickly()
    {
        var huge = new string('a', 10 * 1024 * 1024);
        var headers = new Dictionary<string, string>
        {
            ["traceparent"] = "00-" + huge, ["tracestate"] = huge, ["b3"] = huge, ["x-b3-traceid"] = huge, ["baggage"] = "k=" + huge,
        };
        var codec = Codec("tracecontext", "b3", "baggage");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var context = ExtractTextMap(codec, headers);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(default, context.ActivityContext);
        Assert.Equal(0, context.Baggage.Count);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    private static void AssertOutgoingIsClean(Dictionary<string, string> headers)
    {
        foreach (var (name, value) in headers)
        {
            foreach (var c in value)
            {
                Assert.True(c is >= ' ' and <= '~', $"{name} carries 0x{(int)c:x}");
            }

            if (name == "baggage")
            {
                Assert.DoesNotContain(' ', value);
            }
        }
    }

    private static string Mutate(Random random, string seed)
    {
        var builder = new StringBuilder(seed);
        var mutations = random.Next(0, 4);
        for (var m = 0; m < mutations && builder.Length > 0; m++)
        {
            var position = random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0:
                    builder.Remove(position, 1);
                    break;
                case 1:
                    builder.Insert(position, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    builder[position] = (char)random.Next(0, 128);
                    break;
                case 3:
                    builder[position] = char.ToUpperInvariant(builder[position]);
                    break;
                default:
                    builder.Append(',').Append(seed);
                    break;
            }
        }

        return builder.ToString();
    }
}
