using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tracing.Sdk.AspNetCore.Propagation;

/// <summary>Puts <see cref="PropagationMiddleware"/> at the start of the request pipeline.</summary>
internal sealed class PropagationStartupFilter : IStartupFilter
{
    private readonly RequestPropagator _propagator;

    public PropagationStartupFilter(RequestPropagator propagator)
    {
        _propagator = propagator;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<PropagationMiddleware>(_propagator);
        next(app);
    };
}
