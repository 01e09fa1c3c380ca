using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec inspect</c>: what an index file holds, after full validation.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("index") { Description = "Index file (.p4r)." };
        var command = new Command("inspect", "Validate an index file and show its header, counts, sizes and encoder.") { file };
        command.SetAction((parse, _) => ExitCodes.GuardAsync(() =>
        {
            string path = parse.GetRequiredValue(file).FullName;
            var clock = Stopwatch.StartNew();
            PersonaIndex index = PersonaIndex.Load(path); // Every check of docs/index-format.md.
            clock.Stop();
            long bytes = new FileInfo(path).Length;
            long vectorBytes = Math.Min(bytes, index.VectorMemoryBytes); // float32, or the int8/float16 codes (and a float32 copy if kept)
            var table = new Table().AddColumn("field").AddColumn("value").HideHeaders();
            Row(table, "file", path);
            Row(table, "size", $"{bytes:N0} bytes (vectors {vectorBytes:N0}, texts and metadata {bytes - vectorBytes:N0})");
            Row(table, "format version", FormatVersion(path).ToString(CultureInfo.InvariantCulture));
            Row(table, "encoder", Shorten(index.EncoderModelId));
            Row(table, "template", Shorten(index.TemplateId));
            Row(table, "dimension", index.Dimension.ToString(CultureInfo.InvariantCulture));
            Row(table, "items", index.ItemCount == 0 ? "0 — the index is empty: it can recommend nothing" : index.ItemCount.ToString("N0", CultureInfo.InvariantCulture));
            Row(table, "vector encoding", index.VectorEncoding.ToString());
            Row(table, "personas", $"{index.PersonaCount:N0} ({(double)index.PersonaCount / Math.Max(1, index.ItemCount):F2} per item)");
            Row(table, "validated and loaded in", $"{clock.Elapsed.TotalMilliseconds:F0} ms");
            AnsiConsole.Write(table);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>The version field of the preamble (bytes 8–11, little-endian; docs/index-format.md).</summary>
    private static uint FormatVersion(string path)
    {
        Span<byte> preamble = stackalloc byte[12];
        using FileStream stream = File.OpenRead(path);
        stream.ReadExactly(preamble);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
    }

    /// <summary>A field value cut for the console: an id may be up to a million characters long.</summary>
    private static string Shorten(string value) => value.Length <= 200 ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..200]}… ({value.Length:N0} characters)");

    private static void Row(Table table, string field, string value) => table.AddRow(new Text(field), new Text(value));
}
