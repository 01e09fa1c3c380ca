using System.Globalization;

namespace Persona4Rec;

/// <summary>Thrown when an operation names item identifiers that the index does not hold.</summary>
public sealed class UnknownItemException : ArgumentException
{
    private const int MaxIdsInMessage = 10;

    /// <summary>Initializes a new instance naming the unknown item identifiers.</summary>
    /// <param name="itemIds">The identifiers that were not found (at least one).</param>
    /// <param name="paramName">The name of the parameter that held them.</param>
    public UnknownItemException(IReadOnlyList<string> itemIds, string? paramName = null)
        : base(BuildMessage(itemIds), paramName)
    {
        ItemIds = itemIds;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    public UnknownItemException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public UnknownItemException(string message)
        : base(message)
    {
        ItemIds = [];
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnknownItemException(string message, Exception innerException)
        : base(message, innerException)
    {
        ItemIds = [];
    }

    /// <summary>Gets the item identifiers that the index does not hold.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    private static string BuildMessage(IReadOnlyList<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        string shown = string.Join(", ", itemIds.Take(MaxIdsInMessage).Select(id => "'" + id + "'"));
        string more = itemIds.Count > MaxIdsInMessage
            ? string.Create(CultureInfo.InvariantCulture, $" and {itemIds.Count - MaxIdsInMessage} more")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{itemIds.Count} item id(s) are not in the index: {shown}{more}.");
    }
}
