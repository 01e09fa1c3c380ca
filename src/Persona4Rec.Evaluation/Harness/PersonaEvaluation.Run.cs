using System.Diagnostics;

namespace Persona4Rec.Evaluation;

/// <content>One evaluation run: the encoded histories, the profile vectors, and each user's candidates ranked by every reranker.</content>
public static partial class PersonaEvaluation
{
    /// <summary>A user's test request: the candidates in first-stage order with their persona signals.</summary>
    private sealed record TestEvent(string[] Candidates, float[] Scores, float[] Margins, int HistoryLength, string Positive);

    private sealed class Run(LeaveOneOutSplit split, PersonaIndex personaIndex, PersonaIndex singleIndex, PersonaEvaluationOptions options, string[] users, int standardCount)
    {
        private readonly Dictionary<string, List<(Review Review, UserInteraction Interaction, ReadOnlyMemory<float> Vector)>> _histories = new(StringComparer.Ordinal);
        private readonly Dictionary<string, float[]> _testVectors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, float[]> _validationVectors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _validationHistory = new(StringComparer.Ordinal);
        /// <summary>Untimed online requests before the first timed one: jitting and first-touch costs are not the online path.</summary>
        private const int OnlineWarmupRequests = 50;

        private readonly List<long> _onlineTicks = [];
        private int _warmupRequests;
        private TestEvent[] _events = [];

        public LeaveOneOutSplit Split => split;

        public PersonaIndex PersonaIndex => personaIndex;

        public PersonaEvaluationOptions Options => options;

        /// <summary>Gets the evaluated users: those with a validation item first, then those with two interactions.</summary>
        public string[] Users => users;

        /// <summary>Gets how many of <see cref="Users"/> have a validation item (the standard protocol's users).</summary>
        public int StandardCount => standardCount;

        public double MeanOnlineMicroseconds => _onlineTicks.Count == 0 ? 0 : _onlineTicks.Sum() * 1e6 / Stopwatch.Frequency / _onlineTicks.Count;

        /// <summary>Gets the median and 99th percentile of the timed online requests (after the warm-up).</summary>
        public OnlineLatency Latency => OnlineLatency.FromTicks(_onlineTicks, _warmupRequests);

        /// <summary>The timed online path (profile from cached vectors, then the rerank), run untimed <see cref="OnlineWarmupRequests"/> times.</summary>
        private void Warmup(string user, IReadOnlyList<string> candidates, float[] profileVector)
        {
            for (; _warmupRequests < OnlineWarmupRequests; _warmupRequests++)
            {
                UserProfile profile = Profile(user, validation: true);
                if (profile.IsEmpty)
                {
                    return; // this user has no profile: warm up on the next one
                }

                profile.CopyVectorTo(profileVector);
                _ = Rerank(personaIndex.Score(profileVector, [.. candidates.Where(personaIndex.ContainsItem)]), candidates);
            }
        }

        public string TestItem(string user) => (split.Test.TryGetValue(user, out Review? test) ? test : split.TestWithoutValidation[user]).ItemId;

        public ReadOnlyMemory<float>? TestVector(string user) => _testVectors.TryGetValue(user, out float[]? v) ? v : null;

        public ReadOnlyMemory<float>? ValidationVector(string user) => _validationVectors.TryGetValue(user, out float[]? v) ? v : null;

        /// <summary>Encodes every evaluated user's training (and validation) interactions once; builds the test and validation profile vectors.</summary>
        public async Task EncodeAsync(IPersonaEncoder encoder, CancellationToken cancellationToken)
        {
            var evaluated = users.ToHashSet(StringComparer.Ordinal);
            Review[] history = [.. split.Train.Where(r => evaluated.Contains(r.UserId)).Concat(users.Where(split.Validation.ContainsKey).Select(u => split.Validation[u]))];
            var texts = history.Select(r => InteractionTexts.FromReview(r, personaIndex)).ToArray();
            IReadOnlyList<ReadOnlyMemory<float>> vectors = await encoder.EncodeInteractionsAsync(texts, cancellationToken).ConfigureAwait(false);
            foreach (string user in users)
            {
                _histories[user] = [];
            }

            for (int i = 0; i < texts.Length; i++)
            {
                _histories[history[i].UserId].Add((history[i], texts[i].Interaction, vectors[i]));
            }

            foreach (string user in users)
            {
                UserProfile test = Profile(user, validation: true);
                if (!test.IsEmpty)
                {
                    _testVectors[user] = VectorOf(test);
                }

                if (split.Validation.TryGetValue(user, out Review? validation))
                {
                    UserProfile before = Profile(user, validation: false);
                    if (!before.IsEmpty)
                    {
                        _validationVectors[user] = VectorOf(before);
                    }

                    _validationHistory[user] = before.ItemIds.Count;
                }
            }
        }

        /// <summary>Every user's test rank under each reranker except the blend; keeps the requests for <see cref="Blend"/>.</summary>
        public async Task<Dictionary<string, int?[]>> RankAsync(ICandidateSource stage, CancellationToken cancellationToken)
        {
            var ranks = new Dictionary<string, int?[]>
            {
                [FirstStageOrder] = new int?[users.Length],
                [SingleVector] = new int?[users.Length],
                [Persona4Rec] = new int?[users.Length],
                [Fusion] = new int?[users.Length],
            };
            foreach (string name in options.AdditionalIndexes.Keys)
            {
                ranks[name] = new int?[users.Length];
            }

            _events = new TestEvent[users.Length];
            var profileVector = new float[personaIndex.Dimension];
            for (int u = 0; u < users.Length; u++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string user = users[u];
                string positive = TestItem(user);
                IReadOnlyList<string> candidates = await stage.GetCandidatesAsync(user, options.Candidates, cancellationToken).ConfigureAwait(false);
                ranks[FirstStageOrder][u] = RankingMetrics.RankOf(candidates, positive);

                if (_warmupRequests == 0 && _onlineTicks.Count == 0)
                {
                    Warmup(user, candidates, profileVector);
                }

                long start = Stopwatch.GetTimestamp();
                UserProfile profile = Profile(user, validation: true);
                if (profile.IsEmpty)
                {
                    // No history to build a profile from: every reranker keeps the first stage's order.
                    foreach (int?[] column in ranks.Values)
                    {
                        column[u] = ranks[FirstStageOrder][u];
                    }

                    _events[u] = new TestEvent([.. candidates], new float[candidates.Count], new float[candidates.Count], 0, positive);
                    continue;
                }

                profile.CopyVectorTo(profileVector);
                ScoredItem[] scored = personaIndex.Score(profileVector, [.. candidates.Where(personaIndex.ContainsItem)]);
                ranks[Persona4Rec][u] = RankingMetrics.RankOf(Rerank(scored, candidates), positive);
                _onlineTicks.Add(Stopwatch.GetTimestamp() - start);
                ranks[Fusion][u] = RankingMetrics.RankOf(RankFusion.ReciprocalRank(candidates, scored), positive);
                ranks[SingleVector][u] = RankingMetrics.RankOf(Rerank(singleIndex, profileVector, candidates), positive);
                foreach ((string name, PersonaIndex index) in options.AdditionalIndexes)
                {
                    ranks[name][u] = RankingMetrics.RankOf(Rerank(index, profileVector, candidates), positive);
                }

                (float[] scores, float[] margins) = Signals(profileVector, candidates, scored);
                _events[u] = new TestEvent([.. candidates], scores, margins, profile.ItemIds.Count, positive);
            }

            return ranks;
        }

        /// <summary>The validation query of every user with a validation item: candidates from the validation first stage, profile from training interactions.</summary>
        public async Task<BlendQuery[]> ValidationQueriesAsync(ICandidateSource stage, CancellationToken cancellationToken)
        {
            var queries = new List<BlendQuery>();
            foreach (string user in users.Take(standardCount))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Review validation = split.Validation[user];
                IReadOnlyList<string> candidates = await stage.GetCandidatesAsync(user, options.Candidates, cancellationToken).ConfigureAwait(false);
                (float[] scores, float[] margins) = _validationVectors.TryGetValue(user, out float[]? vector)
                    ? Signals(vector, candidates, personaIndex.Score(vector, [.. candidates.Where(personaIndex.ContainsItem)]))
                    : (new float[candidates.Count], new float[candidates.Count]);
                string[] reviewIds = [.. _histories[user].Where(h => h.Review.ReviewId != validation.ReviewId).Select(h => h.Review.ReviewId), validation.ReviewId];
                queries.Add(new BlendQuery(user, [.. candidates], scores, margins, _validationHistory[user], validation.ItemId) { ReviewIds = reviewIds });
            }

            return [.. queries];
        }

        /// <summary>The last stage's test ranks under the blend: fitted on all validation queries (standard) and cross-fitted by user.</summary>
        public (int?[] Standard, int?[] CrossFitted) Blend(string stageName, BlendQuery[] queries, List<EvaluationBlend> report)
        {
            Dictionary<string, int> popularity = split.Train.GroupBy(r => r.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            HashSet<string> testReviews = [.. split.Test.Values.Concat(split.TestWithoutValidation.Values).Select(r => r.ReviewId)];
            RerankBlendFit Fit(IReadOnlyList<BlendQuery> fitting) => RerankBlendFitter.Fit(fitting, personaIndex, stageName, popularity, options.BlendFitter);

            BlendLeakGuard.Check(queries, new HashSet<string>(StringComparer.Ordinal), testReviews);
            RerankBlendFit all = Fit(queries);
            report.Add(new EvaluationBlend(stageName, StandardProtocol, null, all));
            var standard = new int?[users.Length];
            for (int u = 0; u < standardCount; u++)
            {
                standard[u] = RankWith(all.Blend, _events[u]);
            }

            Dictionary<string, int> foldOf = BlendCrossFitting.AssignFolds(users, options.BlendFitter?.Seed ?? new RerankBlendFitterOptions().Seed);
            RerankBlendFit[] folds = BlendCrossFitting.Fit(queries, foldOf, testReviews, Fit);
            var crossFitted = new int?[users.Length];
            for (int u = 0; u < users.Length; u++)
            {
                crossFitted[u] = RankWith(folds[foldOf[users[u]]].Blend, _events[u]);
            }

            for (int f = 0; f < folds.Length; f++)
            {
                report.Add(new EvaluationBlend(stageName, CrossFittedProtocol, f, folds[f]));
            }

            return (standard, crossFitted);
        }

        private static int? RankWith(RerankBlend blend, TestEvent e)
        {
            int[] order = blend.Order(e.Scores, e.Margins, e.HistoryLength, e.Candidates);
            return RankingMetrics.RankOf([.. order.Select(i => e.Candidates[i])], e.Positive);
        }

        /// <summary>Scores and margins of every candidate in first-stage order; a candidate the index lacks gets the lowest score seen and no margin.</summary>
        private (float[] Scores, float[] Margins) Signals(float[] vector, IReadOnlyList<string> candidates, ScoredItem[] scored)
        {
            float[] known = PersonaMargins.Compute(personaIndex, vector, scored);
            var byId = new Dictionary<string, (float Score, float Margin)>(StringComparer.Ordinal);
            for (int i = 0; i < scored.Length; i++)
            {
                byId[scored[i].ItemId] = (scored[i].Score, known[i]);
            }

            float floor = scored.Length == 0 ? 0 : scored.Min(s => s.Score);
            var scores = new float[candidates.Count];
            var margins = new float[candidates.Count];
            for (int i = 0; i < candidates.Count; i++)
            {
                (scores[i], margins[i]) = byId.GetValueOrDefault(candidates[i], (floor, 0));
            }

            return (scores, margins);
        }

        private UserProfile Profile(string user, bool validation)
        {
            var profile = new UserProfile(user, personaIndex.Dimension, options.Profile);
            string? validationReview = split.Validation.TryGetValue(user, out Review? v) ? v.ReviewId : null;
            foreach ((Review review, UserInteraction interaction, ReadOnlyMemory<float> vector) in _histories[user])
            {
                if (validation || review.ReviewId != validationReview)
                {
                    profile.Add(interaction, vector.Span);
                }
            }

            return profile;
        }

        private static float[] VectorOf(UserProfile profile)
        {
            var vector = new float[profile.Dimension];
            profile.CopyVectorTo(vector);
            return vector;
        }
    }
}
