var builder = WebApplication.CreateBuilder(args);
builder.AddK8sTracing();
var app = builder.Build();
app.Run();
