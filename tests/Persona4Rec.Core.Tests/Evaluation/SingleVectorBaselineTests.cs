using System.Numerics.Tensors;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Evaluation;

public sealed class SingleVectorBaselineTests
{
    [Fact]
    public async Task BuildAsync_OneVectorPerItem_TheNormalisedMeanOfItsReviewEmbeddings()
    {
        var generator = new FakeEmbeddingGenerator(16);
        var encoder = new EmbeddingPersonaEncoder(generator);
        Review[] reviews =
        [
            new("r1", "u1", "a", 5, "warm tone for blues", null, DateTimeOffset.UnixEpoch),
            new("r2", "u2", "a", 4, "solid metal case", null, DateTimeOffset.UnixEpoch),
            new("r3", "u3", "b", 2, "hiss at high gain", null, DateTimeOffset.UnixEpoch),
        ];

        PersonaIndex index = await SingleVectorBaseline.BuildAsync(encoder, reviews, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((2, 2, SingleVectorBaseline.TemplateId), (index.ItemCount, index.PersonaCount, index.TemplateId));
        var expected = new float[16];
        foreach (Review review in reviews[..2])
        {
            var vector = (await encoder.EncodeInteractionsAsync([new InteractionText(new UserInteraction(review.UserId, review.ItemId, review.Timestamp, ReviewText: review.Text), null, null)], TestContext.Current.CancellationToken))[0];
            TensorPrimitives.Add(expected, vector.Span, expected);
        }

        index.TryGetItemOrdinal("a", out int ordinal);
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(expected, index.GetPersonaVector(ordinal)), 1e-6f);
        Assert.Equal(["r1", "r2"], index.GetPersonas("a")[0].ReviewIds);
    }
}
