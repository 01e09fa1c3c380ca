using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// A read-only mapping of the vector sections of an index file. The pointer stays valid until the
/// last block that references this region is unreachable; the finalizer then unmaps it. There is
/// no public dispose: a span handed out by the index must never outlive the mapping.
/// </summary>
internal sealed unsafe class MappedRegion : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private bool _released;

    public MappedRegion(SafeFileHandle handle, long offset, long length)
    {
        _file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            _view = _file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _view.PointerOffset;
    }

    ~MappedRegion() => Dispose(false);

    /// <summary>Gets the first byte of the mapped range (the view's start plus the offset within its first page).</summary>
    public byte* Pointer { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    private void Dispose(bool disposing)
    {
        if (_released)
        {
            return;
        }

        _released = true;

        // The view handle is a SafeHandle: its critical finalizer runs after this one, so it is
        // still usable here, and releasing our reference lets it unmap.
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        if (disposing)
        {
            _view.Dispose();
            _file.Dispose();
        }
    }
}
