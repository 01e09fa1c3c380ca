namespace Persona4Rec.Evaluation.Alignment;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter): p ← p − lr·(m̂/(√v̂ + ε) + λ·p).
/// Plain sequential arithmetic, so the same gradients always give the same parameters.
/// </summary>
internal sealed class AdamW
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    private readonly float[] _m;
    private readonly float[] _v;
    private readonly float _learningRate;
    private readonly float _weightDecay;
    private int _step;

    public AdamW(int parameterCount, float learningRate, float weightDecay)
    {
        _m = new float[parameterCount];
        _v = new float[parameterCount];
        _learningRate = learningRate;
        _weightDecay = weightDecay;
    }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        _step++;
        float correction1 = 1 - MathF.Pow(Beta1, _step);
        float correction2 = 1 - MathF.Pow(Beta2, _step);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * g);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * g * g);
            float update = _m[i] / correction1 / (MathF.Sqrt(_v[i] / correction2) + Epsilon);
            parameters[i] -= _learningRate * (update + (_weightDecay * parameters[i]));
        }
    }
}
