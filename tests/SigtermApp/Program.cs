var builder = WebApplication.CreateBuilder(args);
builder.AddK8sTracing();

var app = builder.Build();
app.MapGet("/work/{id}", (int id) => Results.Ok(new { id }));
app.MapGet("/healthz", () => "ok");
app.Run();
