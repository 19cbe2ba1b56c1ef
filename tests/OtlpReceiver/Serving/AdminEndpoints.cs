using System.Globalization;
using System.Text.Json;

namespace Tracing.Sdk.Testing.Serving;

/// <summary>
/// The standalone mode's control surface: <c>GET /stats</c> and
/// <c>POST /behavior?mode=accept|unavailable|toomanyrequests&amp;retryAfter=seconds&amp;delayMs=milliseconds</c>.
/// </summary>
internal sealed class AdminEndpoints(ReceiverState state)
{
    public Task WriteStatsAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        var stats = new Dictionary<string, long>
        {
            ["spans"] = state.AcceptedSpans,
            ["requests"] = state.ExportAttempts,
            ["bytes"] = state.ReceivedBytes,
        };
        return response.WriteAsync(JsonSerializer.Serialize(stats), context.RequestAborted);
    }

    public Task SetBehaviorAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!Enum.TryParse<OtlpReceiverMode>(query["mode"].ToString(), ignoreCase: true, out var mode)
            || !TryParseOptional(query["retryAfter"].ToString(), out var retryAfterSeconds)
            || !TryParseOptional(query["delayMs"].ToString(), out var delayMilliseconds))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync(
                "Use POST /behavior?mode=accept|unavailable|toomanyrequests[&retryAfter=seconds][&delayMs=milliseconds].",
                context.RequestAborted);
        }

        state.Behavior = new OtlpReceiverBehavior
        {
            Mode = mode,
            RetryAfter = retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Delay = TimeSpan.FromMilliseconds(delayMilliseconds ?? 0),
        };
        return context.Response.WriteAsync(state.Behavior.ToString(), context.RequestAborted);
    }

    private static bool TryParseOptional(string text, out int? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
