using System.Text.Json;

namespace Persona4Rec.Tests.Data;

public sealed class PythonLiteralTests : IDisposable
{
    private readonly PythonLiteral _parser = new();

    public void Dispose() => _parser.Dispose();

    [Fact]
    public void TryParse_AmazonMetadataLine_ConvertsEveryField()
    {
        JsonElement root = Parse("""{'asin': '0000031852', 'title': "Girls' Ballet Tutu", 'categories': [['Sports & Outdoors', 'Other Sports', 'Dance']], 'price': 3.17, 'salesRank': {'Toys & Games': 211836}, 'new': True, 'old': False, 'brand': None}""");

        Assert.Equal("0000031852", root.GetProperty("asin").GetString());
        Assert.Equal("Girls' Ballet Tutu", root.GetProperty("title").GetString());
        Assert.Equal(["Sports & Outdoors", "Other Sports", "Dance"], root.GetProperty("categories")[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3.17, root.GetProperty("price").GetDouble());
        Assert.Equal(211836, root.GetProperty("salesRank").GetProperty("Toys & Games").GetInt32());
        Assert.Equal(
            [JsonValueKind.True, JsonValueKind.False, JsonValueKind.Null],
            [root.GetProperty("new").ValueKind, root.GetProperty("old").ValueKind, root.GetProperty("brand").ValueKind]);
    }

    [Theory]
    [InlineData(@"'a\nb\tc\\d\'e\""f'", "a\nb\tc\\d'e\"f")]
    [InlineData(@"""it's \""quoted\""""", "it's \"quoted\"")]
    [InlineData(@"'\a\b\f\v\r'", "\a\b\f\v\r")]
    [InlineData(@"'\x41\101\u00e9\U0001F600'", "AAé\U0001F600")]
    [InlineData(@"'\ud83d\ude00 pair, lone \ud800 and \udc00'", "\U0001F600 pair, lone \uFFFD and \uFFFD")]
    [InlineData(@"'\xe2\x80\x93 dash, caf\xc3\xa9'", "\u2013 dash, café")]
    [InlineData(@"'na\xefve, \xc3x, \xff\xfe'", "naïve, Ãx, ÿþ")]
    [InlineData(@"'\0\12\1234'", "\0\n\u00534")]
    [InlineData(@"'\d\N{DASH} \/'", "\\d\\N{DASH} /")]
    [InlineData(@"r'\n\''", "\\n\\'")]
    [InlineData(@"u'caf\xe9'", "café")]
    [InlineData(@"b'bytes'", "bytes")]
    [InlineData(@"''", "")]
    [InlineData("'ünïcødé as is'", "ünïcødé as is")]
    public void TryParse_String_DecodesEscapes(string literal, string expected)
    {
        Assert.Equal(expected, Parse($"{{'v': {literal}}}").GetProperty("v").GetString());
    }

    [Theory]
    [InlineData("123", "123")]
    [InlineData("-7", "-7")]
    [InlineData("123L", "123")]
    [InlineData("-1.5e3", "-1500")]
    [InlineData("2.", "2")]
    [InlineData(".5", "0.5")]
    [InlineData("99999999999999999999", "1E+20")]
    public void TryParse_Number_ConvertsToJsonNumber(string literal, string expected)
    {
        Assert.Equal(expected, Parse($"{{'v': {literal}}}").GetProperty("v").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParse_TrailingCommasAndWhiteSpace_AreAccepted()
    {
        JsonElement root = Parse(" { 'a' : [ 1 , 2 , ] , 'b':{},'c':[], } ");

        Assert.Equal(2, root.GetProperty("a").GetArrayLength());
        Assert.Equal(3, root.EnumerateObject().Count());
    }

    [Theory]
    [InlineData("", "unexpected end of line at character 1")]
    [InlineData("{'a': 'open", "unterminated string at character 7")]
    [InlineData(@"{'a': 'ends in a backslash\", "unterminated string at character 7")]
    [InlineData("{'a': 1", "unexpected end of line at character 8")]
    [InlineData("{'a': [1, 2}", "expected ',' or ']' at character 12")]
    [InlineData("{'a' 1}", "expected ':' at character 6")]
    [InlineData("{1: 2}", "a dict key is not a string at character 2")]
    [InlineData("{'a': 1 'b': 2}", "expected ',' or '}' at character 9")]
    [InlineData("{'a': 1} trailing", "unexpected text after the literal at character 10")]
    [InlineData("{'a': nan}", "unexpected name (only True, False and None are literals) at character 7")]
    [InlineData("{'a': set()}", "unexpected name (only True, False and None are literals) at character 7")]
    [InlineData("{'a': 0x1F}", "malformed number at character 7")]
    [InlineData("{'a': -}", "malformed number at character 7")]
    [InlineData("{'a': 1e999}", "malformed number at character 7")]
    [InlineData("{'a': '''doc'''}", "triple-quoted strings are not supported at character 7")]
    [InlineData(@"{'a': '\x4'}", "malformed \\x escape at character 10")]
    [InlineData(@"{'a': '\u12'}", "malformed \\u escape at character 10")]
    [InlineData(@"{'a': '\U00110000'}", "malformed \\U escape at character 10")]
    [InlineData(@"{'a': '\UFFFFFFFF'}", "malformed \\U escape at character 10")]
    [InlineData("{'a': (1, 2)}", "unexpected character at character 7")]
    [InlineData("{'a': @}", "unexpected character at character 7")]
    public void TryParse_MalformedLiteral_ReturnsReasonWithPosition(string literal, string expected)
    {
        Assert.False(_parser.TryParse(literal, out JsonDocument? document, out string? problem));
        Assert.Null(document);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void TryParse_NestingAtTheLimit_IsAccepted_AndOneDeeperIsNot()
    {
        string atLimit = new string('[', PythonLiteral.MaxDepth) + new string(']', PythonLiteral.MaxDepth);
        Assert.True(_parser.TryParse(atLimit, out JsonDocument? document, out _));
        document!.Dispose();

        string deeper = "[" + atLimit + "]";
        Assert.False(_parser.TryParse(deeper, out _, out string? problem));
        Assert.Equal("nested deeper than 64 levels at character 65", problem);
    }

    [Fact]
    public void TryParse_VeryDeepNesting_FailsWithoutExhaustingTheStack()
    {
        Assert.False(_parser.TryParse(new string('[', 1_000_000), out _, out string? problem));
        Assert.StartsWith("nested deeper than 64 levels", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LongString_IsReadWhole()
    {
        string text = new('x', 1 << 20);

        Assert.Equal(text, Parse($"{{'v': '{text}'}}").GetProperty("v").GetString());
    }

    [Fact]
    public void TryParse_ProblemNeverQuotesTheLine()
    {
        Assert.False(_parser.TryParse("{'text': 'my secret review, 'oops': 1}", out _, out string? problem));
        Assert.DoesNotContain("secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MutatedLines_NeverThrow()
    {
        // A seeded mutation loop: truncations, flipped characters and inserted quotes, brackets and
        // backslashes must all give a result or a reason, never an exception.
        const string Seed = """{'asin': 'B0', 'title': "Girls' Tutu \xe2\x80\x93 \u00e9", 'categories': [['A', 'B']], 'price': 3.17, 'ok': True, 'none': None}""";
        char[] alphabet = ['\'', '"', '\\', '[', ']', '{', '}', ',', ':', 'x', 'u', 'U', '0', '9', 'L', ' ', '\uD800'];
        var random = new Random(20260101);
        int parsed = 0;
        for (int i = 0; i < 5000; i++)
        {
            char[] line = Seed.ToCharArray(0, random.Next(Seed.Length + 1));
            for (int m = random.Next(1, 4); m > 0 && line.Length > 0; m--)
            {
                line[random.Next(line.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            if (_parser.TryParse(new string(line), out JsonDocument? document, out string? problem))
            {
                parsed++;
                document!.Dispose();
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(problem));
            }
        }

        Assert.InRange(parsed, 1, 4999);
    }

    [Theory]
    [InlineData("{'asin': 'x'}", true)]
    [InlineData("  {  u'asin': 'x'}", true)]
    [InlineData("{\"asin\": 'x'}", false)]
    [InlineData("['a']", false)]
    [InlineData("", false)]
    public void StartsLikeDict_RecognisesPythonDicts(string line, bool expected)
    {
        Assert.Equal(expected, PythonLiteral.StartsLikeDict(line));
    }

    private JsonElement Parse(string literal)
    {
        Assert.True(_parser.TryParse(literal, out JsonDocument? document, out string? problem), problem);
        using (document)
        {
            return document!.RootElement.Clone();
        }
    }
}
