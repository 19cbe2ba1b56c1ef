using TaskService.Health;
using TaskService.Storage;
using TaskService.Tasks;
using Tracing.Sdk;

var builder = WebApplication.CreateBuilder(args);

// The one line: traces for every request, HttpClient call and AWS SDK (DynamoDB) call, exported to the sidecar collector.
builder.AddK8sTracing(tracing => tracing.AddAwsSdk());

builder.AddTaskStorage();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DynamoDbHealthCheck>("dynamodb", tags: [HealthEndpoints.ReadinessTag]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapTaskEndpoints();
app.MapHealthEndpoints();

app.Run();
