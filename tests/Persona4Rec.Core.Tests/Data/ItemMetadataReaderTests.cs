using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Data;

public sealed class ItemMetadataReaderTests : IDisposable
{
    // Written from the format's documentation (McAuley et al., Amazon product data 2014): one Python
    // dict literal per line, as the published meta_*.json.gz files are; a strict JSON line and a JSON
    // line with Python's True are accepted too.
    private const string Amazon2014 = """
        {'asin': '0000031852', 'title': "Girls' Ballet Tutu", 'price': 3.17, 'imUrl': 'http://ecx.images-amazon.com/images/I/51fAmVkTbyL._SY300_.jpg', 'related': {'also_bought': ['B00JHONN1S', 'B002BZX8Z6']}, 'salesRank': {'Toys & Games': 211836}, 'brand': 'Coxlures', 'categories': [['Sports & Outdoors', 'Other Sports', 'Dance']]}
        {'asin': '0000032069', 'description': 'Adult \'Ballet\' Tutu \xe2\x80\x93 caf\xc3\xa9, na\xefve \\ end', 'categories': [['Clothing, Shoes & Jewelry', 'Girls'], ['Clothing, Shoes & Jewelry', 'Novelty, Costumes & More', 'Costumes']], 'onSale': True, 'brand': None}
        {"asin": "B00JSON001", "title": "A JSON line", "description": "", "categories": [["Books"]]}
        {'asin': 'B00BAD', 'title': 'never closed}

        {'asin': '0000031852', 'title': 'the same asin again'}
        {'title': 'no asin'}
        {"asin": "B00PY", "title": "Mixed", "onSale": True}
        ['a list', 'not a dict']
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("meta_Toys.json")]
    [InlineData("meta_Toys.json.gz")]
    public void ReadAmazon2014_ReadsPythonLiteralAndJsonLines_AndReportsBadOnes(string name)
    {
        string path = _temp.Write(name, Amazon2014);

        ItemMetadataResult result = ItemMetadataReader.ReadAmazon2014(path);

        Assert.Equal(["0000031852", "0000032069", "B00JSON001", "B00PY"], result.Items.Select(i => i.ItemId));
        ItemInfo tutu = result.Items[0];
        Assert.Equal(("Girls' Ballet Tutu", (string?)null), (tutu.Title, tutu.Description));
        Assert.Equal(["Sports & Outdoors", "Other Sports", "Dance"], tutu.Categories);
        ItemInfo adult = result.Items[1];
        Assert.Null(adult.Title);
        Assert.Equal("Adult 'Ballet' Tutu \u2013 café, naïve \\ end", adult.Description);
        Assert.Equal(["Clothing, Shoes & Jewelry", "Girls", "Novelty, Costumes & More", "Costumes"], adult.Categories);
        Assert.Equal(("A JSON line", (string?)null), (result.Items[2].Title, result.Items[2].Description));
        Assert.Equal(["Books"], result.Items[2].Categories);
        Assert.Equal(
            [(4L, "unterminated string at character 29"), (6L, "duplicate item id '0000031852'"), (7L, "missing asin"), (9L, "not a JSON object")],
            result.BadLines.Select(b => (b.LineNumber, b.Reason)));
    }

    [Fact]
    public void ReadAmazon2014_GarbageLine_SaysNeitherFormatParsed()
    {
        string path = _temp.Write("meta.json", "this is not a record\n");

        BadLine bad = ItemMetadataReader.ReadAmazon2014(path).BadLines.Single();

        Assert.Equal((1L, "neither JSON nor a Python literal: unexpected name (only True, False and None are literals) at character 1"), (bad.LineNumber, bad.Reason));
    }

    [Fact]
    public void ReadAmazon2014_LineWithoutBreaks_IsOneBadLineNotAnOutOfMemory()
    {
        string path = _temp.Write("meta.json", "{'asin': 'A1'}\n{'asin': '" + new string('x', JsonLinesFile.MaxLineLength) + "'}\n{'asin': 'A2'}");

        ItemMetadataResult result = ItemMetadataReader.ReadAmazon2014(path);

        Assert.Equal(["A1", "A2"], result.Items.Select(i => i.ItemId));
        Assert.Equal((2L, "line longer than 8388608 characters"), (result.BadLines.Single().LineNumber, result.BadLines[0].Reason));
    }

    [Theory]
    [InlineData("meta_Musical_Instruments.jsonl")]
    [InlineData("meta_Musical_Instruments.jsonl.gz")]
    public void ReadAmazon2023_JoinsDescriptionAndFallsBackToMainCategory(string name)
    {
        // Written from the Amazon Reviews 2023 documentation (Hou et al., 2024).
        string path = _temp.Write(name, """
            {"main_category": "All Beauty", "title": "Howard LC0008 Leather Conditioner, 8-Ounce (4-Pack)", "average_rating": 4.8, "rating_number": 10, "features": [], "description": [], "price": null, "images": [], "videos": [], "store": "Howard Products", "categories": [], "details": {"UPC": "617390882781"}, "parent_asin": "B01CUPMQZE", "bought_together": null}
            {"main_category": "Musical Instruments", "title": "Phosphor Bronze Strings", "description": ["Bright tone.", "", "Long life."], "categories": ["Musical Instruments", "Instrument Accessories", "Guitar & Bass Accessories", "Strings"], "parent_asin": "B0STRINGS"}
            {"main_category": "Musical Instruments", "title": "no parent asin"}
            {"title": "the same product again", "parent_asin": "B0STRINGS"}
            """);

        ItemMetadataResult result = ItemMetadataReader.ReadAmazon2023(path);

        Assert.Equal(
            [
                new ItemInfo("B01CUPMQZE", "Howard LC0008 Leather Conditioner, 8-Ounce (4-Pack)", null, ["All Beauty"]),
                new ItemInfo("B0STRINGS", "Phosphor Bronze Strings", "Bright tone.\nLong life.", ["Musical Instruments", "Instrument Accessories", "Guitar & Bass Accessories", "Strings"]),
            ],
            result.Items,
            ItemInfoComparer.Instance);
        Assert.Equal([(3L, "missing parent_asin"), (4L, "duplicate item id 'B0STRINGS'")], result.BadLines.Select(b => (b.LineNumber, b.Reason)));
    }

    [Fact]
    public void ReadYelpBusiness_SplitsCategoriesAndHasNoDescription()
    {
        // Written from the Yelp Open Dataset documentation (business.json).
        string path = _temp.Write("business.json", """
            {"business_id": "tnhfDv5Il8EaGSXZGiuQGg", "name": "Garaje", "address": "475 3rd St", "city": "San Francisco", "state": "CA", "postal_code": "94107", "latitude": 37.7817529521, "longitude": -122.39612197, "stars": 4.5, "review_count": 1198, "is_open": 1, "attributes": {"RestaurantsTakeOut": true, "BusinessParking": {"garage": false, "street": true}}, "categories": "Mexican, Burgers,  Gastropubs, Mexican", "hours": {"Monday": "10:00-21:00"}}
            {"business_id": "b2", "name": "No Categories", "categories": null}
            {"name": "no id", "categories": "Bars"}
            """);

        ItemMetadataResult result = ItemMetadataReader.ReadYelpBusiness(path);

        Assert.Equal(["tnhfDv5Il8EaGSXZGiuQGg", "b2"], result.Items.Select(i => i.ItemId));
        Assert.Equal(("Garaje", (string?)null), (result.Items[0].Title, result.Items[0].Description));
        Assert.Equal(["Mexican", "Burgers", "Gastropubs"], result.Items[0].Categories);
        Assert.Empty(result.Items[1].Categories);
        Assert.Equal((3L, "missing business_id"), (result.BadLines.Single().LineNumber, result.BadLines[0].Reason));
    }

    [Fact]
    public void ReadYelpBusiness_WrongFormat_StopsAfterTooManyBadLines()
    {
        string path = _temp.Write("business.csv", string.Concat(Enumerable.Repeat("a,b,c\n", 50)));

        var error = Assert.Throws<InvalidDataException>(() => ItemMetadataReader.ReadYelpBusiness(path, maxBadLines: 10));

        Assert.Contains("more than 10 unreadable lines (first at line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Yelp business.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAmazon2023_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ItemMetadataReader.ReadAmazon2023(_temp.File("none.jsonl")));
    }

    /// <summary>Compares items by value, categories included (records compare lists by reference).</summary>
    private sealed class ItemInfoComparer : IEqualityComparer<ItemInfo>
    {
        public static readonly ItemInfoComparer Instance = new();

        public bool Equals(ItemInfo? x, ItemInfo? y) =>
            x is not null && y is not null && (x.ItemId, x.Title, x.Description) == (y.ItemId, y.Title, y.Description) && x.Categories.SequenceEqual(y.Categories);

        public int GetHashCode(ItemInfo obj) => obj.ItemId.GetHashCode(StringComparison.Ordinal);
    }
}
