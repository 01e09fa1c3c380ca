using System.Text.Json;
using System.Text.Json.Serialization;

namespace Persona4Rec;

/// <content>The blend file: small versioned JSON, written atomically, checked field by field on load.</content>
public sealed partial class RerankBlend
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    internal const string FormatName = "persona4rec-rerank-blend";

    /// <summary>The only version this library reads and writes.</summary>
    internal const int FormatVersion = 1;

    /// <summary>A blend file larger than this is refused before it is parsed (the popularity table dominates: about 40 bytes per item).</summary>
    internal const long MaxFileBytes = 256L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        MaxDepth = 8,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the blend to a file atomically (a temporary file, then a rename).</summary>
    /// <param name="path">The file to write, usually <see cref="PathFor"/> of the index.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new BlendFile
        {
            Format = FormatName,
            Version = FormatVersion,
            Kind = Kind,
            FirstStage = FirstStage,
            EncoderModelId = EncoderModelId,
            TemplateId = TemplateId,
            Dimension = Dimension,
            FittedUsers = FittedUsers,
            Features = BlendFeatures.Names,
            Weights = _weights,
            Means = _means,
            Scales = _scales,
            ItemPopularity = new SortedDictionary<string, int>(_popularity, StringComparer.Ordinal),
        };
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Loads and checks a blend file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The blend.</returns>
    /// <exception cref="RerankBlendFormatException">The file is not a valid blend file of this version and feature set; the message says what was expected and found.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RerankBlend Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxFileBytes)
        {
            throw new RerankBlendFormatException($"The blend file is {stream.Length:N0} bytes; at most {MaxFileBytes:N0} are accepted.");
        }

        BlendFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BlendFile>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new RerankBlendFormatException($"The blend file is not valid JSON of the expected shape (line {e.LineNumber + 1}).", e);
        }

        return FromFile(file ?? throw new RerankBlendFormatException("The blend file holds JSON null."));
    }

    private static RerankBlend FromFile(BlendFile file)
    {
        if (!string.Equals(file.Format, FormatName, StringComparison.Ordinal))
        {
            throw new RerankBlendFormatException($"Expected format '{FormatName}', found '{Shorten(file.Format)}'.");
        }

        if (file.Version != FormatVersion)
        {
            throw new RerankBlendFormatException($"Expected blend file version {FormatVersion}, found {file.Version}.");
        }

        if (!Enum.IsDefined(file.Kind))
        {
            throw new RerankBlendFormatException($"The kind {(int)file.Kind} is not a RerankBlendKind.");
        }

        if (file.Features is null || !file.Features.SequenceEqual(BlendFeatures.Names, StringComparer.Ordinal))
        {
            throw new RerankBlendFormatException(
                $"The blend's features ({string.Join("; ", (file.Features ?? []).Select(Shorten))}) are not this library's ({string.Join("; ", BlendFeatures.Names)}); fit the blend again.");
        }

        double[] weights = Vector(file.Weights, "weights");
        double[] means = Vector(file.Means, "means");
        double[] scales = Vector(file.Scales, "scales");
        if (scales.Any(s => s <= 0))
        {
            throw new RerankBlendFormatException("Every scale must be positive.");
        }

        if (string.IsNullOrWhiteSpace(file.EncoderModelId) || string.IsNullOrWhiteSpace(file.TemplateId) || file.Dimension is < 1 or > PersonaIndexLimits.MaxDimension)
        {
            throw new RerankBlendFormatException($"The blend must name the index's encoder, template and a dimension in [1, {PersonaIndexLimits.MaxDimension}]; found '{Shorten(file.EncoderModelId)}', '{Shorten(file.TemplateId)}', {file.Dimension}.");
        }

        if (file.FittedUsers < 0)
        {
            throw new RerankBlendFormatException($"fittedUsers is {file.FittedUsers}; it must be 0 or more.");
        }

        var popularity = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string item, int count) in file.ItemPopularity ?? new Dictionary<string, int>())
        {
            if (string.IsNullOrEmpty(item) || count < 0)
            {
                throw new RerankBlendFormatException($"Item popularity needs a non-empty item id and a count of 0 or more; found '{Shorten(item)}': {count}.");
            }

            popularity[item] = count;
        }

        return new RerankBlend(file.Kind, weights, means, scales, file.FirstStage ?? string.Empty, file.EncoderModelId!, file.TemplateId!, file.Dimension, popularity, file.FittedUsers);
    }

    private static double[] Vector(double[]? values, string name)
    {
        if (values is null || values.Length != BlendFeatures.Count)
        {
            throw new RerankBlendFormatException($"Expected {BlendFeatures.Count} {name}, found {values?.Length ?? 0}.");
        }

        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new RerankBlendFormatException($"Every value of {name} must be finite.");
        }

        return values;
    }

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>The file's shape.</summary>
    private sealed class BlendFile
    {
        public string? Format { get; set; }

        public int Version { get; set; }

        public RerankBlendKind Kind { get; set; }

        public string? FirstStage { get; set; }

        public string? EncoderModelId { get; set; }

        public string? TemplateId { get; set; }

        public int Dimension { get; set; }

        public int FittedUsers { get; set; }

        public IReadOnlyList<string>? Features { get; set; }

        public double[]? Weights { get; set; }

        public double[]? Means { get; set; }

        public double[]? Scales { get; set; }

        public IDictionary<string, int>? ItemPopularity { get; set; }
    }
}
