using System.IO.Compression;
using Persona4Rec.Internal;

namespace Persona4Rec;

/// <summary>Opens a data file for one sequential pass, decompressing <c>.gz</c> files.</summary>
internal static class DataFile
{
    public static StreamReader OpenText(string path)
    {
        RegularFile.Require(path, "data file");
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream);
    }
}
