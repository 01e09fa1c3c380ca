using System.Buffers;

namespace Persona4Rec.Internal;

/// <summary>
/// Scratch of a given length: the caller's stack buffer when it is long enough, else an array
/// rented from <see cref="ArrayPool{T}.Shared"/> and returned by <see cref="Dispose"/>. Declare it
/// with <c>using</c> before anything that can throw writes into it, so that the array goes back to
/// the pool on every path (a rent inside a constructor that then throws is never returned).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal ref struct PooledBuffer<T>
{
    private T[]? _rented;

    /// <summary>Takes the first <paramref name="length"/> elements of <paramref name="stackBuffer"/>, or rents when it is shorter.</summary>
    public PooledBuffer(int length, Span<T> stackBuffer)
    {
        Span = length <= stackBuffer.Length
            ? stackBuffer[..length]
            : (_rented = ArrayPool<T>.Shared.Rent(length)).AsSpan(0, length);
    }

    /// <summary>Gets the buffer, exactly the requested length; not cleared.</summary>
    public readonly Span<T> Span { get; }

    /// <summary>Returns the rented array, if any; idempotent.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<T>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
