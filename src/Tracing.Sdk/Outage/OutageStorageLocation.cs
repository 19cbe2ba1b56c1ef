using System.Text;
using Tracing.Sdk.Configuration;

namespace Tracing.Sdk.Outage;

/// <summary>
/// Opens the storage <see cref="K8sTracingOptions.OutageStorage"/> asks for: for disk, the slot directory
/// <c>&lt;base&gt;/&lt;service.name&gt;/&lt;slot&gt;</c>, which is the same on every start of the same container; where it
/// cannot be written (a read-only root filesystem without a volume), memory, with one warning naming the reason.
/// </summary>
internal static class OutageStorageLocation
{
    public static readonly string DefaultBaseDirectory = Path.Combine(Path.GetTempPath(), "tracing-sdk");

    public static SpanStore? Open(K8sTracingOptions options, string serviceName, IOutageObserver observer, SetupDiagnostics diagnostics)
    {
        switch (options.OutageStorage)
        {
            case OutageStorage.None:
                return null;
            case OutageStorage.Memory:
                return new MemorySpanStore(options.OutageStorageMaxBytes, options.OutageStorageMaxAge, observer);
        }

        var directory = ServiceDirectory(options.OutageStorageDirectory ?? DefaultBaseDirectory, serviceName);
        string problem;
        try
        {
            if (DiskSpanStore.Open(directory, options.OutageStorageMaxBytes, options.OutageStorageMaxAge, observer) is { } disk)
            {
                return disk;
            }

            problem = $"all {DiskSpanStore.Slots} slots are taken by other processes";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = e.Message;
        }

        var memory = new MemorySpanStore(options.OutageStorageMaxBytes, options.OutageStorageMaxAge, observer);
        diagnostics.Warn(
            OtelEnvironmentVariables.OtlpDiskRetryDirectory,
            $"spans cannot be stored in '{directory}' ({problem}); they are kept in memory instead (at most {SpanStore.Size(memory.MaxBytes)}), and lost if the process stops during an outage.");
        return memory;
    }

    /// <summary>The service's directory under the base: one name segment, whatever the service is called.</summary>
    internal static string ServiceDirectory(string baseDirectory, string serviceName)
    {
        var name = new StringBuilder(serviceName.Length);
        foreach (var c in serviceName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var segment = name.ToString().Trim('.');
        return Path.Combine(baseDirectory, segment.Length == 0 ? "unknown_service" : segment);
    }
}
