namespace TaskService.Storage;

/// <summary>Where the tasks live. Section <c>Tasks</c> (for example the environment variable <c>Tasks__TableName</c>).</summary>
public sealed class TasksOptions
{
    public const string Section = "Tasks";

    /// <summary>The DynamoDB table, created at startup if missing. Default: <c>tasks</c>.</summary>
    public string TableName { get; set; } = "tasks";

    /// <summary>Whether the table is created at startup when it does not exist. Default: <see langword="true"/>.</summary>
    public bool CreateTable { get; set; } = true;
}
