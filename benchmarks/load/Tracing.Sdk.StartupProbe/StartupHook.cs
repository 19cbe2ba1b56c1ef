using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Runtime;
using System.Text;

/// <summary>
/// A startup hook (<c>DOTNET_STARTUP_HOOKS</c>) for <c>benchmarks/load/startup.sh</c>: when the app's first request ends
/// (ASP.NET Core's <c>Microsoft.AspNetCore.Hosting</c> EventSource, <c>RequestStop</c>), writes to
/// <c>STARTUP_PROBE_OUT</c> how many methods the JIT compiled so far and the time it took, how many assemblies are
/// loaded (and their names), the process's CPU time and the bytes it allocated. The same hook runs in every setup, so
/// its own cost cancels out of the comparison.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks for a StartupHook type outside any namespace.")]
internal static class StartupHook
{
    private static FirstRequestListener? s_listener;

    public static void Initialize() => s_listener = new FirstRequestListener();

    private sealed class FirstRequestListener : EventListener
    {
        private int _written;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft.AspNetCore.Hosting")
            {
                EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName != "RequestStop" || Interlocked.Exchange(ref _written, 1) != 0)
            {
                return;
            }

            var methods = JitInfo.GetCompiledMethodCount();
            var jitTime = JitInfo.GetCompilationTime();
            var ilBytes = JitInfo.GetCompiledILBytes();
            var cpu = Environment.CpuUsage.TotalTime;
            var allocated = GC.GetTotalAllocatedBytes();
            var assemblies = AppDomain.CurrentDomain.GetAssemblies();
            var names = new List<string>(assemblies.Length);
            foreach (var assembly in assemblies)
            {
                names.Add(assembly.GetName().Name ?? "?");
            }

            names.Sort(StringComparer.Ordinal);
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"methods\t{methods}\n");
            text.Append(CultureInfo.InvariantCulture, $"jit_ms\t{jitTime.TotalMilliseconds:F1}\n");
            text.Append(CultureInfo.InvariantCulture, $"il_bytes\t{ilBytes}\n");
            text.Append(CultureInfo.InvariantCulture, $"assemblies\t{assemblies.Length}\n");
            text.Append(CultureInfo.InvariantCulture, $"cpu_ms\t{cpu.TotalMilliseconds:F0}\n");
            text.Append(CultureInfo.InvariantCulture, $"allocated_kb\t{allocated / 1024}\n");
            foreach (var name in names)
            {
                text.Append(CultureInfo.InvariantCulture, $"assembly\t{name}\n");
            }

            File.WriteAllText(Environment.GetEnvironmentVariable("STARTUP_PROBE_OUT") ?? "startup-probe.txt", text.ToString());
        }
    }
}
