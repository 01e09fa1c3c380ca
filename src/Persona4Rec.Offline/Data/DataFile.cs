using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Persona4Rec.Internal;

namespace Persona4Rec.Offline;

/// <summary>Opens a data file for one sequential pass, decompressing <c>.gz</c> files.</summary>
internal static class DataFile
{
    public static StreamReader OpenText(string path)
    {
        RegularFile.Require(path, "data file");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return new StreamReader(file);
        }

        try
        {
            return new StreamReader(new CheckedGzipStream(file, path));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A gzip stream that says when it is not gzip at all, and when it ends early: .NET's
    /// <see cref="GZipStream"/> returns end-of-stream on a file cut in half, so at the end the
    /// decompressed length and CRC-32 are compared with the file's gzip trailer.
    /// </summary>
    private sealed class CheckedGzipStream : Stream
    {
        private readonly GZipStream _inner;
        private readonly string _path;
        private readonly uint _trailerCrc;
        private readonly uint _trailerSize;
        private readonly Crc32 _crc = new();
        private long _length;
        private bool _checked;

        public CheckedGzipStream(FileStream file, string path)
        {
            _path = path;
            long length = file.Length;
            Span<byte> head = stackalloc byte[2];
            if (length < 18 || RandomAccess.Read(file.SafeFileHandle, head, 0) < 2 || head[0] != 0x1F || head[1] != 0x8B)
            {
                throw new InvalidDataException(length == 0
                    ? $"'{path}' is empty: a .gz file must hold gzip data."
                    : $"'{path}' is not gzip data (it does not start with the gzip bytes 1f 8b, or is shorter than a gzip header and trailer): decompress it or rename it without .gz.");
            }

            Span<byte> trailer = stackalloc byte[8];
            RandomAccess.Read(file.SafeFileHandle, trailer, length - 8);
            _trailerCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            _trailerSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            _inner = new GZipStream(file, CompressionMode.Decompress);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = _inner.Read(buffer);
            if (read > 0)
            {
                _crc.Append(buffer[..read]);
                _length += read;
            }
            else if (buffer.Length > 0 && !_checked)
            {
                _checked = true;
                uint crc = _crc.GetCurrentHashAsUInt32();
                if ((uint)_length != _trailerSize || crc != _trailerCrc)
                {
                    throw new InvalidDataException(
                        $"The gzip data in '{_path}' ends early or does not match its trailer ({_length} bytes decompressed; the trailer says {_trailerSize}): the file is truncated or corrupt. " +
                        "(Several gzip members in one file, as bgzip writes, are not supported: decompress it first.)");
                }
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
