using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Persona4Rec.Internal;

/// <summary>Throws from the hot path without inlining the message formatting into the callers.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowDimensionMismatch(string paramName, int expected, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The vector has {actual} dimensions; this index expects {expected}."),
            paramName);

    [DoesNotReturn]
    public static void ThrowNotFinite(string paramName, int position) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The vector holds a NaN or infinite value at position {position}."),
            paramName);

    [DoesNotReturn]
    public static void ThrowZeroNorm(string paramName) =>
        throw new ArgumentException("The vector has zero length (all values are 0), so its direction is undefined.", paramName);
}
