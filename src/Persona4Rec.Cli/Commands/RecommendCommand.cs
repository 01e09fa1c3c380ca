using System.CommandLine;
using System.Globalization;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec recommend</c>: one user's recommendations with explanations.</summary>
internal static class RecommendCommand
{
    public static Command Create()
    {
        var index = Options.Index(required: true);
        var reviews = Options.Reviews(required: true);
        reviews.Description = "Review file holding the user's history (and the reviews quoted in explanations).";
        var format = Options.Format();
        var user = new Option<string>("--user", "-u") { Description = "The user id.", Required = true };
        var count = new Option<int>("--count", "-k") { Description = "How many recommendations.", DefaultValueFactory = _ => 10 };
        var candidates = new Option<string[]>("--candidates", "-c") { Description = "Rerank these item ids (a first stage's candidates, best first) instead of searching the whole catalogue.", AllowMultipleArgumentsPerToken = true };
        var fusion = new Option<bool>("--fusion") { Description = "With --candidates: fuse the first stage's order with the persona order (reciprocal-rank fusion)." };
        var blendFile = new Option<FileInfo>("--blend") { Description = "With --candidates: the rerank blend learned on validation. Default: the .blend.json file beside the index, when it exists (persona4rec eval writes it)." };
        var personasOnly = new Option<bool>("--personas-only") { Description = "With --candidates: rank by the persona score alone (the paper), even when a blend exists." };
        var command = new Command("recommend", "Recommend for one user, from their reviews, with the persona that explains each item.") { index, reviews, format, user, count, candidates, fusion, blendFile, personasOnly };
        EncoderOptions encoderOptions = new EncoderOptions().AddTo(command);
        command.SetAction((parse, cancellationToken) => ExitCodes.GuardAsync(async () =>
        {
            int k = parse.GetValue(count);
            if (k < 1)
            {
                throw new ArgumentException($"--count is {k}; it must be at least 1.");
            }

            string[]? proposed = parse.GetValue(candidates);
            if (proposed is not { Length: > 0 } && (parse.GetValue(fusion) || parse.GetValue(personasOnly) || parse.GetValue(blendFile) is not null))
            {
                throw new ArgumentException("--fusion, --blend and --personas-only rerank --candidates; without --candidates the whole catalogue is searched by persona score, so they would be ignored.");
            }

            PersonaIndex personaIndex = PersonaIndex.Load(parse.GetRequiredValue(index).FullName);
            if (personaIndex.ItemCount == 0)
            {
                throw new InvalidDataException($"The index '{parse.GetRequiredValue(index).FullName}' holds no items: there is nothing to recommend.");
            }

            ReviewFileResult data = DataFiles.ReadReviews(parse.GetRequiredValue(reviews).FullName, parse.GetValue(format));
            string userId = parse.GetRequiredValue(user);
            Review[] history = [.. data.Reviews.Where(r => r.UserId == userId).OrderBy(r => r.Timestamp)];
            if (history.Length == 0)
            {
                throw new ArgumentException($"User '{userId}' has no review in {parse.GetRequiredValue(reviews).Name}; a user without history is served by the first stage alone.");
            }

            using var embeddings = new OnnxEmbeddingGenerator(encoderOptions.Read(parse));
            var encoder = new EmbeddingPersonaEncoder(embeddings);
            if (encoder.ModelId != personaIndex.EncoderModelId || encoder.Dimension != personaIndex.Dimension)
            {
                throw new InvalidDataException($"The index was built with '{personaIndex.EncoderModelId}' ({personaIndex.Dimension}-d); this tool encodes users with '{encoder.ModelId}' ({encoder.Dimension}-d).");
            }

            UserProfile profile = await new UserProfileBuilder(encoder).BuildAsync(userId, [.. history.Select(r => InteractionTexts.FromReview(r, personaIndex))], cancellationToken).ConfigureAwait(false);
            RerankMode mode = parse.GetValue(fusion) ? RerankMode.ReciprocalRankFusion : parse.GetValue(personasOnly) ? RerankMode.Personas : RerankMode.Blend;
            string indexPath = parse.GetRequiredValue(index).FullName;
            string? blendPath = parse.GetValue(blendFile)?.FullName ?? (File.Exists(RerankBlend.PathFor(indexPath)) ? RerankBlend.PathFor(indexPath) : null);
            RerankBlend? blend = mode == RerankMode.Blend && blendPath is not null ? RerankBlend.Load(blendPath) : null;
            var recommender = new PersonaRecommender(personaIndex, data.Reviews.ToDictionary(r => r.ReviewId, StringComparer.Ordinal), new PersonaRecommenderOptions
            {
                Mode = mode,
                Blend = blend,
            });
            IReadOnlyList<Recommendation> result = proposed is { Length: > 0 } ? recommender.Rerank(profile, proposed, k) : recommender.Search(profile, k);

            var table = new Table().AddColumn("#").AddColumn("item").AddColumn(new TableColumn("score").RightAligned()).AddColumn("because you look like").AddColumn("why");
            foreach (Recommendation r in result)
            {
                table.AddRow(
                    new Text(r.Rank.ToString(CultureInfo.InvariantCulture)),
                    new Text(r.Item.ItemId),
                    new Text(r.Item.Score.ToString("F3", CultureInfo.InvariantCulture)),
                    new Text($"{r.Explanation.PersonaName}: {r.Explanation.PersonaDescription}"),
                    new Text(r.Explanation.PreferenceRationale));
            }

            string ranking = proposed is not { Length: > 0 } ? "the whole catalogue by persona score"
                : mode == RerankMode.ReciprocalRankFusion ? "the candidates by reciprocal-rank fusion"
                : blend is not null ? $"the candidates by the blend {Path.GetFileName(blendPath)} ({blend.Kind})"
                : "the candidates by persona score";
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"User {userId}: {history.Length} reviews, the last {Math.Min(history.Length, 10)} in the profile; ranking {ranking}.");
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
