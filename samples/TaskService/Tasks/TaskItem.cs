namespace TaskService.Tasks;

/// <summary>A task as the API returns it.</summary>
public sealed record TaskItem(string Id, string Title, bool Done, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
