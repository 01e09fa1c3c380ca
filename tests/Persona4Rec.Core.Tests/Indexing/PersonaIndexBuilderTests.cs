using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

public sealed class PersonaIndexBuilderTests
{
    [Fact]
    public void Add_StoresUnitLengthVectors_AndMetadata()
    {
        PersonaIndex index = new PersonaIndexBuilder(2, "model-x", "template-y")
            .Add(new ItemPersonas("a", "Summary A.", [TestIndexes.MakePersona("a", 0), TestIndexes.MakePersona("a", 1)]), [new float[] { 3, 4 }, new float[] { 0, -2 }])
            .Build();

        Assert.Equal([0.6f, 0.8f], index.GetPersonaVector(0).ToArray());
        Assert.Equal([0f, -1f], index.GetPersonaVector(1).ToArray());
        Assert.Equal("model-x", index.EncoderModelId);
        Assert.Equal("template-y", index.TemplateId);
        Assert.Equal("Summary A.", index.GetItemSummary("a"));
        Assert.Equal(["P1", "P2"], index.GetPersonas("a").Select(p => p.PersonaId));
        Assert.True(index.ContainsItem("a"));
        Assert.False(index.ContainsItem("b"));
        Assert.Throws<UnknownItemException>(() => index.GetPersonas("b"));
    }

    [Fact]
    public void Add_InvalidInput_ThrowsClearErrors_AndLeavesBuilderUnchanged()
    {
        var builder = new PersonaIndexBuilder(2, "m", "t");
        Persona p = TestIndexes.MakePersona("a", 0);

        AssertMessage(() => builder.Add(new ItemPersonas("a", null, []), []), "no personas");
        AssertMessage(() => builder.Add(new ItemPersonas("a", null, [p]), []), "1 personas but 0 vectors");
        AssertMessage(() => builder.Add(new ItemPersonas("a", null, [p]), [new float[] { 1, 2, 3 }]), "3 dimensions");
        AssertMessage(() => builder.Add(new ItemPersonas("a", null, [p]), [new float[] { float.NaN, 1 }]), "NaN");
        AssertMessage(() => builder.Add(new ItemPersonas("a", null, [p]), [new float[] { 0, 0 }]), "zero length");
        AssertMessage(() => builder.Add(new ItemPersonas("b", null, [p]), [new float[] { 1, 0 }]), "belongs to item 'a'");
        AssertMessage(() => builder.Add(new ItemPersonas("a", null, [p, p]), [new float[] { 1, 0 }, new float[] { 0, 1 }]), "repeated id");
        Assert.Equal(0, builder.ItemCount);

        builder.Add(new ItemPersonas("a", null, [p]), [new float[] { 1, 0 }]);
        AssertMessage(() => builder.Add(new ItemPersonas("a", null, [p]), [new float[] { 1, 0 }]), "already added");
        Assert.Equal(1, builder.Build().ItemCount);
    }

    [Theory]
    [InlineData(3e38f)]
    [InlineData(1e20f)]
    [InlineData(1e-30f)]
    [InlineData(1e-44f)]
    public void Add_ExtremeButFiniteMagnitudes_NormaliseToUnitLength(float scale)
    {
        PersonaIndex index = new PersonaIndexBuilder(3, "m", "t")
            .Add(new ItemPersonas("a", null, [TestIndexes.MakePersona("a", 0)]), [new float[] { scale, -scale, scale }])
            .Build();

        float expected = 1 / MathF.Sqrt(3);
        Assert.Equal([expected, -expected, expected], index.GetPersonaVector(0).ToArray(), (x, y) => MathF.Abs(x - y) < 1e-4f);
        Assert.Equal(1f, index.Score([scale, -scale, scale], ["a"])[0].Score, 1e-4f);
    }

    [Fact]
    public void Constructor_InvalidSettings_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersonaIndexBuilder(0, "m", "t"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersonaIndexBuilder(PersonaIndexLimits.MaxDimension + 1, "m", "t"));
        Assert.Throws<ArgumentException>(() => new PersonaIndexBuilder(4, "", "t"));
        Assert.Throws<ArgumentNullException>(() => new PersonaIndexBuilder(4, "m", null!));
    }

    private static void AssertMessage(Action action, string expectedFragment)
    {
        var error = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
    }
}
