using System.Runtime.InteropServices;

namespace Persona4Rec.Internal;

/// <summary>
/// Says whether a path names a regular file before anything opens it. Opening a FIFO for reading
/// blocks until a writer appears (forever, if none does), a device never ends, and a directory or a
/// symbolic-link loop fails with a message about something else; none of them can be an index,
/// a checkpoint or a review file. On Linux the file type comes from <c>statx</c> (whose layout is
/// the same on every architecture); elsewhere only directories are recognised and the open reports
/// the rest.
/// </summary>
/// <remarks>Shared as source by the packages that open files (Core, Hnsw, Orleans), so it stays internal.</remarks>
internal static partial class RegularFile
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, u16 mode
    private const int StatxSize = 256;

    /// <summary>
    /// What is wrong with <paramref name="path"/> as a file to read, as a sentence ending to follow
    /// the path ("is a FIFO (named pipe), not a regular file"); <see langword="null"/> when it is a
    /// regular file, or does not exist (opening it then says so in the usual way).
    /// </summary>
    public static string? Problem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return Linux(path);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // A C library without statx (glibc < 2.28): only directories are recognised, as elsewhere.
            }
        }

        return Directory.Exists(path) ? "is a directory, not a file" : null;
    }

    /// <summary>Throws <see cref="IOException"/> naming <paramref name="what"/> when <paramref name="path"/> is not a regular file.</summary>
    public static void Require(string path, string what)
    {
        if (Problem(path) is { } problem)
        {
            throw new IOException($"The {what} '{path}' {problem}.");
        }
    }

    private static unsafe string? Linux(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                40 => "is a symbolic link loop (or a chain of more than 40 links)", // ELOOP
                20 => "has a part that is not a directory", // ENOTDIR
                13 => "cannot be examined: permission denied", // EACCES
                36 => "is too long a path", // ENAMETOOLONG
                _ => null, // ENOENT and the rest: the open reports them
            };
        }

        ushort mode = *(ushort*)(buffer + ModeOffset);
        return (mode & 0xF000) switch
        {
            0x8000 => null,
            0x4000 => "is a directory, not a file",
            0x1000 => "is a FIFO (named pipe), not a regular file",
            0x2000 => "is a character device, not a regular file",
            0x6000 => "is a block device, not a regular file",
            0xC000 => "is a socket, not a regular file",
            _ => "is not a regular file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryDescriptor, string path, int flags, uint mask, byte* buffer);
}
