namespace Persona4Rec.Offline;

/// <summary>A line or row of a data file that could not be read, with why.</summary>
/// <param name="LineNumber">One-based line number (for a CSV row spanning several lines, the line it starts on).</param>
/// <param name="Reason">What was wrong (no review text).</param>
public sealed record BadLine(long LineNumber, string Reason);
