namespace Persona4Rec.Evaluation;

/// <summary>One point of the learning curve.</summary>
/// <param name="Epoch">The epoch; 0 is the untrained (identity) layer.</param>
/// <param name="TrainingLoss">The mean InfoNCE loss over the epoch's mini-batches (for epoch 0, of the identity layer without updates).</param>
/// <param name="ValidationNdcg">The mean NDCG@10 of the validation users' held-out items.</param>
/// <param name="Elapsed">Wall time since the training loop started (after the interactions were encoded).</param>
public sealed record AlignmentEpoch(int Epoch, double TrainingLoss, double ValidationNdcg, TimeSpan Elapsed);

/// <summary>The outcome of <see cref="AlignmentTrainer.TrainAsync"/>.</summary>
/// <param name="Layer">The layer of the best validation epoch (the identity when no epoch beat the untrained layer).</param>
/// <param name="BestEpoch">The chosen epoch; 0 means training did not improve validation NDCG@10.</param>
/// <param name="Epochs">The learning curve, epoch 0 first.</param>
/// <param name="TrainingPairs">The training pairs (user before the interaction, positive persona).</param>
/// <param name="JudgeLabelled">How many of them took their positive from the judge labels.</param>
/// <param name="ValidationUsers">The users validation NDCG@10 is averaged over (every user with a validation interaction).</param>
/// <param name="ValidationUsersWithPositive">Those of them whose validation item is among their candidates; the others score 0 whatever the layer.</param>
/// <param name="EncodingTime">Wall time spent encoding the training interactions and building pairs and validation candidates.</param>
/// <param name="TrainingTime">Wall time of the training loop (all epochs with their validation).</param>
public sealed record AlignmentTrainingResult(
    AlignmentLayer Layer,
    int BestEpoch,
    IReadOnlyList<AlignmentEpoch> Epochs,
    int TrainingPairs,
    int JudgeLabelled,
    int ValidationUsers,
    int ValidationUsersWithPositive,
    TimeSpan EncodingTime,
    TimeSpan TrainingTime);
