using System.Diagnostics;

namespace Tracing.Sdk.Redaction;

/// <summary>
/// Redacts what <see cref="Activity.AddException"/> records, through the runtime's own hook for it
/// (<see cref="ActivityListener.ExceptionRecorder"/>): sensitive attribute keys always, and the exception message when
/// configured. It listens to the same sources as the provider and takes no part in sampling.
/// </summary>
internal sealed class ExceptionEventRedactor : IDisposable
{
    private const string MessageKey = "exception.message";

    private readonly ActivityListener _listener;

    public ExceptionEventRedactor(Func<ActivitySource, bool> listensTo, SensitiveKeyMatcher matcher, bool redactMessages)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = listensTo,
            ExceptionRecorder = (Activity activity, Exception exception, ref TagList tags) =>
            {
                for (var i = 0; i < tags.Count; i++)
                {
                    if (matcher.IsSensitive(tags[i].Key))
                    {
                        tags[i] = new KeyValuePair<string, object?>(tags[i].Key, SensitiveKeyMatcher.RedactedValue);
                    }
                }

                if (!redactMessages)
                {
                    return;
                }

                for (var i = 0; i < tags.Count; i++)
                {
                    if (tags[i].Key == MessageKey)
                    {
                        tags[i] = new KeyValuePair<string, object?>(MessageKey, SensitiveKeyMatcher.RedactedValue);
                        return;
                    }
                }

                // AddException keeps a message already present in the tags instead of the exception's own.
                tags.Add(MessageKey, SensitiveKeyMatcher.RedactedValue);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();
}
