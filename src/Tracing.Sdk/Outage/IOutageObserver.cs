namespace Tracing.Sdk.Outage;

/// <summary>What happens to spans the collector could not take, for the export-health report.</summary>
internal interface IOutageObserver
{
    /// <summary>An export failed in a way worth waiting out; its spans were stored.</summary>
    void OnStored(int spans, string error);

    /// <summary>Stored spans reached the collector.</summary>
    void OnDelivered(int spans, long stillStored);

    /// <summary>Spans were dropped: beyond the storage's bound or age, refused by the collector, or not writable.</summary>
    void OnDropped(int spans, string reason);

    /// <summary>A live export reached the collector.</summary>
    void OnReachable();
}
