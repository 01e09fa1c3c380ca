using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

/// <summary>The builder refuses what the file format cannot hold, with an error that names the limit.</summary>
public sealed class PersonaIndexLimitsTests
{
    [Fact]
    public void Add_MorePersonasThanTheLimit_NamesTheLimit()
    {
        var builder = new PersonaIndexBuilder(2, "m", "t");
        int count = PersonaIndexLimits.MaxPersonasPerItem + 1;
        Persona[] personas = [.. Enumerable.Range(1, count).Select(p => TestIndexes.MakePersona("a", p))];

        var error = Assert.Throws<ArgumentException>(() => builder.Add(new ItemPersonas("a", null, personas), [.. personas.Select(_ => (ReadOnlyMemory<float>)new float[] { 1, 0 })]));

        Assert.Contains($"{count} personas; at most {PersonaIndexLimits.MaxPersonasPerItem}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, builder.ItemCount);
    }

    [Fact]
    public void Add_TextLongerThanTheLimit_NamesTheLimit()
    {
        var builder = new PersonaIndexBuilder(2, "m", "t");
        Persona persona = TestIndexes.MakePersona("a", 1) with { Description = new string('x', PersonaIndexLimits.MaxStringLength + 1) };

        var error = Assert.Throws<ArgumentException>(() => builder.Add(new ItemPersonas("a", null, [persona]), [new float[] { 1, 0 }]));

        Assert.Contains($"limited to {PersonaIndexLimits.MaxStringLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_MoreReviewIdsThanTheLimit_NamesTheLimit()
    {
        var builder = new PersonaIndexBuilder(2, "m", "t");
        Persona persona = TestIndexes.MakePersona("a", 1) with { ReviewIds = [.. Enumerable.Range(0, PersonaIndexLimits.MaxReviewIdsPerPersona + 1).Select(i => $"r{i}")] };

        var error = Assert.Throws<ArgumentException>(() => builder.Add(new ItemPersonas("a", null, [persona]), [new float[] { 1, 0 }]));

        Assert.Contains($"at most {PersonaIndexLimits.MaxReviewIdsPerPersona}", error.Message, StringComparison.Ordinal);
    }
}
