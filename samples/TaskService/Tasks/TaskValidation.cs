namespace TaskService.Tasks;

/// <summary>The rules a task must follow; every broken rule is reported, none is fixed silently.</summary>
public static class TaskValidation
{
    public const int MaxTitleLength = 200;
    public const int MaxIdLength = 64;

    public static Dictionary<string, string[]> Validate(TaskInput? input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input is null)
        {
            errors["body"] = ["A JSON body with a title is required."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors["title"] = ["The title is required."];
        }
        else if (input.Title.Length > MaxTitleLength)
        {
            errors["title"] = [$"The title must be at most {MaxTitleLength} characters."];
        }

        return errors;
    }

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
