using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tracing.Sdk.Instrumentation;

/// <summary>
/// Reads the hooks an application set on one of the contrib instrumentation packages' options types, through
/// <c>Configure&lt;TOptions&gt;</c> or <c>AddAspNetCoreInstrumentation(o =&gt; ...)</c>: Tracing.Sdk runs them on .NET's
/// native spans, so they are taken out of the options (<see cref="HookCapture{TOptions}"/>), and a contrib listener the
/// application registers as well finds none and cannot run them a second time.
/// </summary>
internal static class HookOptions
{
    /// <summary>
    /// Creates the default options instance, which runs the capture, when anything configures them; otherwise leaves
    /// them alone, so an application without hooks pays nothing at startup either.
    /// </summary>
    public static void Capture<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceProvider services)
        where TOptions : class
    {
        var configured = services.GetServices<IConfigureOptions<TOptions>>().Any();
        if (!configured)
        {
            foreach (var post in services.GetServices<IPostConfigureOptions<TOptions>>())
            {
                configured |= post is not HookCapture<TOptions>;
            }
        }

        if (configured)
        {
            _ = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(Options.DefaultName);
        }
    }
}

/// <summary>
/// Moves the hooks out of the default options instance after every <c>Configure</c> has run, whoever creates it first.
/// </summary>
internal sealed class HookCapture<TOptions> : IPostConfigureOptions<TOptions>
    where TOptions : class
{
    private readonly Action<TOptions> _take;

    public HookCapture(Action<TOptions> take)
    {
        _take = take;
    }

    public void PostConfigure(string? name, TOptions options)
    {
        if (name == Options.DefaultName)
        {
            _take(options);
        }
    }
}
