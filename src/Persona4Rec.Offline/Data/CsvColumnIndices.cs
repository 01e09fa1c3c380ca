using System.Globalization;

namespace Persona4Rec.Offline;

/// <summary>Where each mapped column of a CSV review file sits in its header; -1 for an unmapped optional column.</summary>
internal readonly record struct CsvColumnIndices(int HeaderCount, int UserId, int ItemId, int Text, int ReviewId, int Rating, int Title, int Timestamp)
{
    /// <summary>Finds every mapped column in the header.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="names">The header's column names, unquoted; empty when the file is.</param>
    /// <param name="columns">The mapping.</param>
    /// <exception cref="InvalidDataException">The file has no header, or the header lacks a mapped column or has it twice.</exception>
    public static CsvColumnIndices Resolve(string path, List<string> names, CsvReviewColumns columns)
    {
        if (names.Count == 0)
        {
            throw new InvalidDataException($"'{path}' has no header row; a CSV review file starts with one naming its columns.");
        }

        int Find(string? name, string property)
        {
            if (name is null)
            {
                return -1;
            }

            int count = names.Count(n => n == name);
            return count == 1
                ? names.IndexOf(name)
                : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{path}' has {(count == 0 ? "no column" : $"{count} columns named")} '{name}' (mapped as {nameof(CsvReviewColumns)}.{property}); its header has: {string.Join(", ", names.Select(n => $"'{n}'"))}."));
        }

        return new CsvColumnIndices(
            names.Count,
            Find(columns.UserId, nameof(columns.UserId)),
            Find(columns.ItemId, nameof(columns.ItemId)),
            Find(columns.Text, nameof(columns.Text)),
            Find(columns.ReviewId, nameof(columns.ReviewId)),
            Find(columns.Rating, nameof(columns.Rating)),
            Find(columns.Title, nameof(columns.Title)),
            Find(columns.Timestamp, nameof(columns.Timestamp)));
    }

    /// <summary>Checks the mapping itself, before any file is opened.</summary>
    /// <exception cref="ArgumentException">A column name is empty, or a custom timestamp format is missing.</exception>
    public static void Validate(CsvReviewColumns columns)
    {
        foreach ((string? name, string property, bool required) in (ReadOnlySpan<(string?, string, bool)>)[
            (columns.UserId, nameof(columns.UserId), true),
            (columns.ItemId, nameof(columns.ItemId), true),
            (columns.Text, nameof(columns.Text), true),
            (columns.ReviewId, nameof(columns.ReviewId), false),
            (columns.Rating, nameof(columns.Rating), false),
            (columns.Title, nameof(columns.Title), false),
            (columns.Timestamp, nameof(columns.Timestamp), false)])
        {
            if (required ? string.IsNullOrEmpty(name) : name is { Length: 0 })
            {
                throw new ArgumentException($"{nameof(CsvReviewColumns)}.{property} names no column.", nameof(columns));
            }
        }

        if (columns.TimestampFormat == CsvTimestampFormat.Custom && string.IsNullOrEmpty(columns.TimestampCustomFormat))
        {
            throw new ArgumentException($"{nameof(CsvReviewColumns.TimestampFormat)} is Custom but {nameof(CsvReviewColumns.TimestampCustomFormat)} is not set.", nameof(columns));
        }

        if (!Enum.IsDefined(columns.TimestampFormat))
        {
            throw new ArgumentException($"{nameof(CsvReviewColumns.TimestampFormat)} {columns.TimestampFormat} is not a known format.", nameof(columns));
        }
    }
}
