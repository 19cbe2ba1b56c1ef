using System.Globalization;

namespace Tracing.Sdk.Outage;

/// <summary>
/// Stored exports as files in one directory that this process owns through a lock file, so a second process picks
/// another slot; the next process on the same directory (the container restarted) delivers what this one left.
/// A file is written under a temporary name and renamed, so a crash never leaves half a payload to deliver; its name
/// carries its time, order and span count, so the bound is kept without reading the files.
/// </summary>
internal sealed class DiskSpanStore : SpanStore
{
    private const string Extension = ".otlp";
    private const string PartialExtension = ".partial";
    private readonly FileStream _lock;

    private DiskSpanStore(string directory, FileStream ownership, long maxBytes, TimeSpan maxAge, IOutageObserver observer, TimeProvider? time)
        : base("disk", directory, maxBytes, maxAge, observer, time)
    {
        _lock = ownership;
        Adopt(Scan(directory));
    }

    /// <summary>How many processes of one service may keep spans under the same base directory at once.</summary>
    internal const int Slots = 16;

    internal const string LockFileName = "owner.lock";

    /// <summary>
    /// Takes the first free slot of <paramref name="serviceDirectory"/>. Throws what the file system says when it cannot
    /// be written; returns null when every slot is taken.
    /// </summary>
    public static DiskSpanStore? Open(string serviceDirectory, long maxBytes, TimeSpan maxAge, IOutageObserver observer, TimeProvider? time = null)
    {
        for (var slot = 0; slot < Slots; slot++)
        {
            var directory = Path.Combine(serviceDirectory, slot.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(directory);
            var lockPath = Path.Combine(directory, LockFileName);
            FileStream ownership;
            try
            {
                // An exclusive lock (flock on Linux): released by the kernel when the process dies, however it dies.
                ownership = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                // Held by another process (a file that cannot be created is a different failure, and is thrown).
                continue;
            }

            ownership.SetLength(0);
            ownership.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
            ownership.Flush();
            return new DiskSpanStore(directory, ownership, maxBytes, maxAge, observer, time);
        }

        return null;
    }

    protected override string? Write(StoredExport entry, ReadOnlySpan<byte> payload)
    {
        var path = Path.Combine(Location, Name(entry));
        var partial = path + PartialExtension;
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            file.Write(payload);
        }

        File.Move(partial, path, overwrite: true);
        entry.Path = path;
        return null;
    }

    protected override byte[] ReadPayload(StoredExport entry) => File.ReadAllBytes(entry.Path!);

    protected override void Delete(StoredExport entry)
    {
        if (entry.Path is { } path)
        {
            File.Delete(path);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lock.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary><c>&lt;utc ticks&gt;-&lt;sequence&gt;-&lt;spans&gt;-&lt;g|n&gt;.otlp</c>: sorting by name is oldest first.</summary>
    internal static string Name(StoredExport entry) => string.Create(
        CultureInfo.InvariantCulture,
        $"{entry.UtcTicks:D19}-{entry.Sequence:D10}-{entry.Spans}-{(entry.Gzip ? 'g' : 'n')}{Extension}");

    internal static StoredExport? Parse(string path, long length)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('-');
        return parts.Length == 4 &&
            long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
            long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) &&
            int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var spans) &&
            parts[3] is "g" or "n" &&
            length is > 0 and <= int.MaxValue
            ? new StoredExport(ticks, sequence, spans, parts[3] == "g", (int)length) { Path = path }
            : null;
    }

    private static List<StoredExport> Scan(string directory)
    {
        var entries = new List<StoredExport>();
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (file.Name.EndsWith(PartialExtension, StringComparison.Ordinal))
            {
                file.Delete();
            }
            else if (file.Name.EndsWith(Extension, StringComparison.Ordinal) && Parse(file.FullName, file.Length) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
