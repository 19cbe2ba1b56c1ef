using Microsoft.AspNetCore.Http.HttpResults;

namespace TaskService.Tasks;

/// <summary>The task API: <c>POST /tasks</c>, <c>GET /tasks</c>, <c>GET|PUT|DELETE /tasks/{id}</c>.</summary>
public static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        // Full patterns on an unprefixed group: a group prefix would make the collection's route "/tasks/".
        var tasks = app.MapGroup(string.Empty).AddEndpointFilter<DynamoDbUnavailableFilter>();
        tasks.MapPost("/tasks", CreateAsync);
        tasks.MapGet("/tasks", ListAsync);
        tasks.MapGet("/tasks/{id}", GetAsync);
        tasks.MapPut("/tasks/{id}", UpdateAsync);
        tasks.MapDelete("/tasks/{id}", DeleteAsync);
        return app;
    }

    private static async Task<Results<Created<TaskItem>, ValidationProblem>> CreateAsync(
        TaskInput? input, TaskStore store, CancellationToken cancellationToken)
    {
        var errors = TaskValidation.Validate(input);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var task = await store.CreateAsync(input!, cancellationToken);
        return TypedResults.Created($"/tasks/{task.Id}", task);
    }

    private static async Task<Ok<IReadOnlyList<TaskItem>>> ListAsync(TaskStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Ok<TaskItem>, NotFound, ValidationProblem>> GetAsync(
        string id, TaskStore store, CancellationToken cancellationToken)
    {
        if (!TaskValidation.IsValidId(id))
        {
            return InvalidId();
        }

        return await store.GetAsync(id, cancellationToken) is { } task ? TypedResults.Ok(task) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<TaskItem>, NotFound, ValidationProblem>> UpdateAsync(
        string id, TaskInput? input, TaskStore store, CancellationToken cancellationToken)
    {
        var errors = TaskValidation.Validate(input);
        if (!TaskValidation.IsValidId(id))
        {
            errors["id"] = [InvalidIdMessage];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await store.UpdateAsync(id, input!, cancellationToken) is { } task ? TypedResults.Ok(task) : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteAsync(
        string id, TaskStore store, CancellationToken cancellationToken)
    {
        if (!TaskValidation.IsValidId(id))
        {
            return InvalidId();
        }

        return await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private const string InvalidIdMessage = "The id must be 1 to 64 letters, digits or dashes.";

    private static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [InvalidIdMessage] });
}
