using System.Globalization;

namespace Persona4Rec.Offline;

/// <summary>
/// Collects the bad lines of one read and stops it once there are too many: a file of the wrong
/// format should fail fast, not produce a million bad lines.
/// </summary>
internal sealed class BadLineLog
{
    private readonly string _path;
    private readonly int _maxBadLines;
    private readonly string _format;

    public BadLineLog(string path, int maxBadLines, string format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBadLines);
        _path = path;
        _maxBadLines = maxBadLines;
        _format = format;
    }

    public List<BadLine> Lines { get; } = [];

    public void Add(long lineNumber, string reason)
    {
        Lines.Add(new BadLine(lineNumber, reason));
        if (Lines.Count > _maxBadLines)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"'{_path}' has more than {_maxBadLines} unreadable lines (first at line {Lines[0].LineNumber}: {Lines[0].Reason}); is it {_format}?"));
        }
    }
}
