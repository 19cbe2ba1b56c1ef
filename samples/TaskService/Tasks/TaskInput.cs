namespace TaskService.Tasks;

/// <summary>What a client sends to create or replace a task.</summary>
public sealed record TaskInput(string? Title, bool? Done);
