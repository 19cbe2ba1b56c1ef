namespace Tracing.Sdk.Benchmarks.Hosting;

/// <summary>
/// Sends the requests of one <see cref="RequestPipelineBenchmarks"/> setup in a plain loop, for instruction counts that do
/// not depend on a noisy machine: run it under <c>valgrind --tool=callgrind</c> with N and 2N requests and subtract
/// so startup cancels out. Prints the bytes allocated per request
/// over 20 000 more requests.
/// </summary>
internal static class RequestLoop
{
    public static int Run(string setup, int requests)
    {
        var benchmarks = new RequestPipelineBenchmarks();
        Func<Task> send;
        switch (setup)
        {
            case "off": benchmarks.SetupOff(); send = benchmarks.Off; break;
            case "off-probe": benchmarks.SetupOff(); send = benchmarks.OffProbe; break;
            case "bare": benchmarks.SetupBare(); send = benchmarks.Bare; break;
            case "bare-hand-completed": benchmarks.SetupBareHandCompleted(); send = benchmarks.BareHandCompleted; break;
            case "bare-dropall-probe": benchmarks.SetupBareDropAll(); send = benchmarks.BareDropAllProbe; break;
            case "bare-dropall-no-start-tags-probe": benchmarks.SetupBareDropAllWithoutStartTags(); send = benchmarks.BareDropAllWithoutStartTagsProbe; break;
            case "bare-drop-no-start-tags-probe": benchmarks.SetupBareDropWithoutStartTags(); send = benchmarks.BareDropWithoutStartTagsProbe; break;
            case "bare-propagation-only-probe": benchmarks.SetupBarePropagationOnly(); send = benchmarks.BarePropagationOnlyProbe; break;
            case "contrib": benchmarks.SetupContrib(); send = benchmarks.Contrib; break;
            case "contrib-probe": benchmarks.SetupContrib(); send = benchmarks.ContribProbe; break;
            case "k8s": benchmarks.SetupK8s(); send = benchmarks.K8s; break;
            case "k8s-probe": benchmarks.SetupK8s(); send = benchmarks.K8sProbe; break;
            case "k8s-no-passthrough": benchmarks.SetupK8sNoPassThrough(); send = benchmarks.K8sNoPassThrough; break;
            case "k8s-no-baggage": benchmarks.SetupK8sNoBaggage(); send = benchmarks.K8sNoBaggage; break;
            case "k8s-no-propagation-middleware": benchmarks.SetupK8sNoPropagationMiddleware(); send = benchmarks.K8sNoPropagationMiddleware; break;
            case "k8s-no-redaction": benchmarks.SetupK8sNoRedaction(); send = benchmarks.K8sNoRedaction; break;
            // A probe through each variant: what each feature costs a request that creates no span.
            case "k8s-no-passthrough-probe": benchmarks.SetupK8sNoPassThrough(); send = benchmarks.K8sProbe; break;
            case "k8s-no-baggage-probe": benchmarks.SetupK8sNoBaggage(); send = benchmarks.K8sProbe; break;
            case "k8s-no-propagation-middleware-probe": benchmarks.SetupK8sNoPropagationMiddleware(); send = benchmarks.K8sProbe; break;
            case "k8s-no-redaction-probe": benchmarks.SetupK8sNoRedaction(); send = benchmarks.K8sProbe; break;
            default:
                Console.Error.WriteLine($"unknown setup '{setup}'");
                return 2;
        }

        for (var i = 0; i < requests; i++)
        {
            send().GetAwaiter().GetResult();
        }

        // And the bytes per request, counted over every thread as BenchmarkDotNet's memory diagnoser does.
        const int Measured = 20_000;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Measured; i++)
        {
            send().GetAwaiter().GetResult();
        }

        var bytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Measured;
        Console.WriteLine(FormattableString.Invariant($"{setup}: {bytes:F1} B/request"));
        benchmarks.Cleanup();
        return 0;
    }
}
