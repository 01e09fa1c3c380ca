using System.Globalization;

namespace Persona4Rec.Cluster;

/// <summary>The key of a shard grain: <c>{index}/{version}/{shard}</c>.</summary>
public static class PersonaShardKey
{
    /// <summary>Formats a shard grain key.</summary>
    /// <param name="indexName">The index name (the coordinator's key); must not contain '/'.</param>
    /// <param name="version">The index version.</param>
    /// <param name="shard">The shard number.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="indexName"/> is empty or contains '/'.</exception>
    public static string Format(string indexName, long version, int shard)
    {
        ValidateIndexName(indexName);
        return string.Create(CultureInfo.InvariantCulture, $"{indexName}/{version}/{shard}");
    }

    /// <summary>Parses a shard grain key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The index name, version and shard.</returns>
    /// <exception cref="FormatException">The key is not <c>{index}/{version}/{shard}</c>.</exception>
    public static (string IndexName, long Version, int Shard) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string[] parts = key.Split('/');
        if (parts.Length != 3 || parts[0].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long version)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int shard))
        {
            throw new FormatException($"A shard grain key is '{{index}}/{{version}}/{{shard}}'; found '{key}'.");
        }

        return (parts[0], version, shard);
    }

    internal static void ValidateIndexName(string indexName)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        if (indexName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"An index name must not contain '/'; found '{indexName}'.", nameof(indexName));
        }
    }
}
