namespace Persona4Rec.Tests.Data;

public sealed class BoundedLineReaderTests
{
    [Theory]
    [InlineData("a\r\nb\rc\n\nd")]
    [InlineData("a\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\r\r\n\n\r")]
    [InlineData("")]
    [InlineData("only")]
    [InlineData("long line one\r\nlong line two\rthree")]
    public void TryReadLine_SplitsLikeTextReaderReadLine_AtEveryBufferLength(string text)
    {
        var expected = new List<string?>();
        using (var reference = new StringReader(text))
        {
            while (reference.ReadLine() is { } line)
            {
                expected.Add(line);
            }
        }

        for (int bufferLength = 1; bufferLength <= 8; bufferLength++)
        {
            Assert.Equal(expected, ReadAll(text, maxLineLength: 100, bufferLength));
        }
    }

    [Fact]
    public void TryReadLine_LineOverTheLimit_IsNullAndSkippedToItsEnd()
    {
        for (int bufferLength = 1; bufferLength <= 8; bufferLength++)
        {
            Assert.Equal(["abcde", null, "xy", null], ReadAll("abcde\r\n0123456789\nxy\nabcdef", maxLineLength: 5, bufferLength));
        }
    }

    private static List<string?> ReadAll(string text, int maxLineLength, int bufferLength)
    {
        var reader = new BoundedLineReader(new StringReader(text), maxLineLength, bufferLength);
        var lines = new List<string?>();
        while (reader.TryReadLine(out string? line))
        {
            lines.Add(line);
        }

        return lines;
    }
}
