using System.Globalization;
using System.Text;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>What the receiver has seen and how it answers; shared by every request thread and by the test thread.</summary>
internal sealed class ReceiverState(bool retainData, Action<ReceivedRequest>? onRequest)
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<ReceivedRequest> _requests = [];
    private TaskCompletionSource _changed = NewSignal();
    private OtlpReceiverBehavior _behavior = OtlpReceiverBehavior.Accept;
    private long _exportAttempts;
    private long _acceptedSpans;
    private long _receivedBytes;

    public OtlpReceiverBehavior Behavior
    {
        get => Volatile.Read(ref _behavior);
        set => Volatile.Write(ref _behavior, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public long ExportAttempts => Interlocked.Read(ref _exportAttempts);

    public long AcceptedSpans => Interlocked.Read(ref _acceptedSpans);

    public long ReceivedBytes => Interlocked.Read(ref _receivedBytes);

    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (_lock)
            {
                return [.. _spans];
            }
        }
    }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public void CountAttempt() => Interlocked.Increment(ref _exportAttempts);

    public void Record(ReceivedRequest request)
    {
        Interlocked.Add(ref _receivedBytes, request.BodyBytes);
        if (request.Accepted)
        {
            Interlocked.Add(ref _acceptedSpans, request.Spans.Count);
        }

        TaskCompletionSource changed;
        lock (_lock)
        {
            if (retainData)
            {
                _requests.Add(request);
                if (request.Accepted)
                {
                    _spans.AddRange(request.Spans);
                }
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        onRequest?.Invoke(request);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
            _requests.Clear();
            Interlocked.Exchange(ref _exportAttempts, 0);
            Interlocked.Exchange(ref _acceptedSpans, 0);
            Interlocked.Exchange(ref _receivedBytes, 0);
        }
    }

    public async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(
        Func<IReadOnlyList<ReceivedSpan>, bool> until,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(until);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            IReadOnlyList<ReceivedSpan> spans;
            lock (_lock)
            {
                changed = _changed.Task;
                spans = [.. _spans];
            }

            if (until(spans))
            {
                return spans;
            }

            try
            {
                await changed.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(DescribeTimeout(timeout));
            }
        }
    }

    private string DescribeTimeout(TimeSpan timeout)
    {
        var requests = Requests;
        var spans = Spans;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The OTLP receiver did not get the expected spans within {timeout.TotalSeconds:0.###} s. ")
            .Append(CultureInfo.InvariantCulture, $"Export attempts: {ExportAttempts}; requests recorded: {requests.Count}; spans accepted: {spans.Count}.");
        foreach (var request in requests)
        {
            text.AppendLine()
                .Append(CultureInfo.InvariantCulture, $"  {request.ReceivedAt:HH:mm:ss.fff} {request.Protocol} {request.Path} accepted={request.Accepted} spans={request.Spans.Count}");
            foreach (var span in request.Spans)
            {
                text.AppendLine().Append("    ").Append(span);
            }
        }

        return text.ToString();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
