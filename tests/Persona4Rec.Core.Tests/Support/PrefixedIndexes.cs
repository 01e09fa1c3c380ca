namespace Persona4Rec.Tests.Support;

/// <summary>
/// Indexes whose every item id starts with a version tag ("A-", "B-", ...), each version with its
/// own item count, so that an answer names the one version it came from.
/// </summary>
internal static class PrefixedIndexes
{
    public const int Dimension = 16;

    public static PersonaIndex Build(char tag, int dimension = Dimension)
    {
        var random = new Random(tag);
        var builder = new PersonaIndexBuilder(dimension, TestIndexes.ModelId, TestIndexes.TemplateId);
        int items = 20 + (5 * (tag - 'A'));
        for (int i = 0; i < items; i++)
        {
            string itemId = $"{tag}-item-{i:D3}";
            int personas = 1 + random.Next(4);
            builder.Add(
                new ItemPersonas(itemId, null, [.. Enumerable.Range(1, personas).Select(p => TestIndexes.MakePersona(itemId, p))]),
                [.. Enumerable.Range(0, personas).Select(_ => (ReadOnlyMemory<float>)TestIndexes.RandomVector(random, dimension))]);
        }

        return builder.Build();
    }

    /// <summary>The version tag of an index built here: the first character of its item ids.</summary>
    public static char TagOf(PersonaIndex index) => index.GetItemId(0)[0];
}
