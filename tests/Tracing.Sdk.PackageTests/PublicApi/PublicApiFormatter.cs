using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tracing.Sdk.PackageTests.PublicApi;

/// <summary>
/// Lists an assembly's public surface, one declaration a line, types and their members sorted ordinally: what a consumer can see and call, including
/// nullability, default values, constraints and the members a subclass can reach.
/// </summary>
internal static class PublicApiFormatter
{
    private const BindingFlags DeclaredMembers =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void",
        [typeof(object)] = "object",
        [typeof(string)] = "string",
        [typeof(bool)] = "bool",
        [typeof(char)] = "char",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(nint)] = "nint",
        [typeof(nuint)] = "nuint",
    };

    public static string Format(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(TypeName, StringComparer.Ordinal))
        {
            text.Append(DescribeType(type)).Append('\n');
            foreach (var member in DescribeMembers(type).Order(StringComparer.Ordinal))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string DescribeType(Type type)
    {
        var text = new StringBuilder();
        if (type.IsEnum)
        {
            text.Append("enum ").Append(TypeName(type)).Append(" : ").Append(TypeName(Enum.GetUnderlyingType(type)));
            return text.ToString();
        }

        if (type.IsInterface)
        {
            text.Append("interface ");
        }
        else if (typeof(Delegate).IsAssignableFrom(type))
        {
            text.Append("delegate ");
        }
        else
        {
            if (type.IsAbstract && type.IsSealed)
            {
                text.Append("static ");
            }
            else if (type.IsAbstract)
            {
                text.Append("abstract ");
            }
            else if (type.IsSealed && !type.IsValueType)
            {
                text.Append("sealed ");
            }

            text.Append(type.IsValueType ? "struct " : "class ");
        }

        text.Append(TypeName(type));
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType)
            && !typeof(Delegate).IsAssignableFrom(type))
        {
            bases.Add(TypeName(baseType));
        }

        var interfaces = type.GetInterfaces()
            .Where(i => i.IsVisible)
            .Select(TypeName)
            .Order(StringComparer.Ordinal);
        bases.AddRange(interfaces);
        if (bases.Count > 0)
        {
            text.Append(" : ").Append(string.Join(", ", bases));
        }

        text.Append(Constraints(type.IsGenericTypeDefinition ? type.GetGenericArguments() : []));
        return text.ToString();
    }

    private static IEnumerable<string> DescribeMembers(Type type)
    {
        var owner = TypeName(type);
        var context = new NullabilityInfoContext();
        foreach (var member in type.GetMembers(DeclaredMembers))
        {
            switch (member)
            {
                case FieldInfo field when IsVisible(field) && !field.IsSpecialName:
                    yield return DescribeField(owner, field, context);
                    break;
                case ConstructorInfo constructor when IsVisible(constructor):
                    yield return $"{Modifiers(constructor)}{owner}.{SimpleName(type)}({Parameters(constructor, context)}) -> void";
                    break;
                case MethodInfo method when IsVisible(method) && !IsAccessor(method):
                    yield return DescribeMethod(owner, method, context);
                    break;
                case PropertyInfo property:
                    foreach (var accessor in DescribeProperty(owner, property, context))
                    {
                        yield return accessor;
                    }

                    break;
                case EventInfo @event when @event.AddMethod is { } add && IsVisible(add):
                    yield return $"{Modifiers(add)}event {owner}.{@event.Name} -> {TypeName(@event.EventHandlerType!, context.Create(@event))}";
                    break;
                default:
                    break;
            }
        }
    }

    private static string DescribeField(string owner, FieldInfo field, NullabilityInfoContext context)
    {
        var type = field.DeclaringType!;
        if (type.IsEnum)
        {
            var value = Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture);
            return $"{owner}.{field.Name} = {value} -> {owner}";
        }

        var modifiers = field.IsFamily || field.IsFamilyOrAssembly ? "protected " : string.Empty;
        if (field.IsLiteral)
        {
            modifiers += "const ";
        }
        else
        {
            modifiers += field.IsStatic ? "static " : string.Empty;
            modifiers += field.IsInitOnly ? "readonly " : string.Empty;
        }

        var constant = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : string.Empty;
        return $"{modifiers}{owner}.{field.Name}{constant} -> {TypeName(field.FieldType, context.Create(field))}";
    }

    private static string DescribeMethod(string owner, MethodInfo method, NullabilityInfoContext context)
    {
        var generics = method.IsGenericMethodDefinition
            ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">"
            : string.Empty;
        var returns = TypeName(method.ReturnType, context.Create(method.ReturnParameter));
        var constraints = Constraints(method.IsGenericMethodDefinition ? method.GetGenericArguments() : []);
        return $"{Modifiers(method)}{owner}.{method.Name}{generics}({Parameters(method, context)}) -> {returns}{constraints}";
    }

    private static IEnumerable<string> DescribeProperty(string owner, PropertyInfo property, NullabilityInfoContext context)
    {
        var nullability = context.Create(property);
        var indexer = property.GetIndexParameters().Length > 0 ? "[" + Parameters(property.GetIndexParameters(), context) + "]" : string.Empty;
        var name = $"{owner}.{property.Name}{indexer}";
        if (property.GetMethod is { } get && IsVisible(get))
        {
            yield return $"{Modifiers(get)}{name}.get -> {TypeName(property.PropertyType, nullability, useWriteState: false)}";
        }

        if (property.SetMethod is { } set && IsVisible(set))
        {
            var isInit = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            var accessor = isInit ? "init" : "set";
            yield return $"{Modifiers(set)}{name}.{accessor} -> void (value: {TypeName(property.PropertyType, nullability, useWriteState: true)})";
        }
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext context)
    {
        var prefix = method.IsDefined(typeof(ExtensionAttribute), inherit: false) ? "this " : string.Empty;
        return prefix + Parameters(method.GetParameters(), context);
    }

    private static string Parameters(ParameterInfo[] parameters, NullabilityInfoContext context)
    {
        return string.Join(", ", parameters.Select(parameter =>
        {
            var text = new StringBuilder();
            if (parameter.IsDefined(typeof(ParamArrayAttribute), inherit: false))
            {
                text.Append("params ");
            }

            var type = parameter.ParameterType;
            if (type.IsByRef)
            {
                text.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ");
                type = type.GetElementType()!;
            }

            text.Append(TypeName(type, context.Create(parameter))).Append(' ').Append(parameter.Name);
            if (parameter.HasDefaultValue)
            {
                text.Append(" = ").Append(Literal(parameter.DefaultValue));
            }

            return text.ToString();
        }));
    }

    private static string Constraints(Type[] genericArguments)
    {
        var text = new StringBuilder();
        foreach (var argument in genericArguments)
        {
            var constraints = new List<string>();
            var attributes = argument.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            constraints.AddRange(argument.GetGenericParameterConstraints()
                .Where(c => c != typeof(ValueType))
                .Select(TypeName)
                .Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint)
                && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(argument.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    private static string Modifiers(MethodBase method)
    {
        var text = new StringBuilder();
        if (method.IsFamily || method.IsFamilyOrAssembly)
        {
            text.Append("protected ");
        }

        if (method.IsStatic)
        {
            text.Append("static ");
        }
        else if (method.IsAbstract && !method.DeclaringType!.IsInterface)
        {
            text.Append("abstract ");
        }
        else if (method is MethodInfo info && info.GetBaseDefinition() != info)
        {
            text.Append(method.IsFinal ? "sealed override " : "override ");
        }
        else if (method.IsVirtual && !method.IsFinal && !method.DeclaringType!.IsInterface)
        {
            text.Append("virtual ");
        }

        return text.ToString();
    }

    private static bool IsVisible(MethodBase method) =>
        method.IsPublic || ((method.IsFamily || method.IsFamilyOrAssembly) && !method.DeclaringType!.IsSealed);

    private static bool IsVisible(FieldInfo field) =>
        field.IsPublic || ((field.IsFamily || field.IsFamilyOrAssembly) && !field.DeclaringType!.IsSealed);

    private static bool IsAccessor(MethodInfo method) =>
        method.IsSpecialName && (method.Name.StartsWith("get_", StringComparison.Ordinal)
            || method.Name.StartsWith("set_", StringComparison.Ordinal)
            || method.Name.StartsWith("add_", StringComparison.Ordinal)
            || method.Name.StartsWith("remove_", StringComparison.Ordinal));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string text => "\"" + text + "\"",
        bool flag => flag ? "true" : "false",
        char character => "'" + character + "'",
        Enum member => TypeName(member.GetType()) + "." + member,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string SimpleName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string TypeName(Type type) => TypeName(type, nullability: null);

    private static string TypeName(Type type, NullabilityInfo? nullability, bool useWriteState = false)
    {
        if (type.IsByRef)
        {
            return TypeName(type.GetElementType()!, nullability, useWriteState);
        }

        var state = nullability is null ? NullabilityState.Unknown : useWriteState ? nullability.WriteState : nullability.ReadState;
        var suffix = state == NullabilityState.Nullable && !type.IsValueType ? "?" : string.Empty;

        if (type.IsArray)
        {
            var rank = new string(',', type.GetArrayRank() - 1);
            return TypeName(type.GetElementType()!, nullability?.ElementType) + "[" + rank + "]" + suffix;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + suffix;
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + suffix;
        }

        var name = type.IsNested ? TypeName(type.DeclaringType!) + "." + SimpleName(type) : type.Namespace + "." + SimpleName(type);
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var argumentNullability = nullability?.GenericTypeArguments;
            var names = arguments.Select((argument, index) =>
                TypeName(argument, argumentNullability is { Length: > 0 } known && index < known.Length ? known[index] : null));
            name += "<" + string.Join(", ", names) + ">";
        }

        return name + suffix;
    }
}
