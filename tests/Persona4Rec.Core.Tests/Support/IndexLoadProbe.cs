using System.Diagnostics;

namespace Persona4Rec.Tests.Support;

/// <summary>
/// Loads a possibly hostile index file and records what came out, how long it took and what it
/// allocated, for the corruption, hostile-header and fuzzing tests.
/// </summary>
internal static class IndexLoadProbe
{
    /// <summary>
    /// What a load may allocate: 16 bytes per file byte plus 1 MiB. Loading holds the metadata
    /// bytes, the decoded ids and the vector block; no length field may push it past this.
    /// </summary>
    public static long AllocationBound(long fileLength) => (16 * fileLength) + (1 << 20);

    /// <summary>Loads <paramref name="path"/>; a loaded index is then used (every persona decoded, a search and a score of every item) so that deferred work runs too.</summary>
    /// <param name="path">The file.</param>
    /// <param name="wholeProcess">Also count what other threads allocate (the loader reads vectors on another thread); slower, and exact only when no other test runs.</param>
    /// <param name="mapped">Open with <see cref="PersonaIndex.OpenMapped"/> instead: texts are then checked on first use, so a format error from using the index counts as the outcome.</param>
    public static Outcome Load(string path, bool wholeProcess = false, bool mapped = false)
    {
        long threadBefore = GC.GetAllocatedBytesForCurrentThread();
        long processBefore = wholeProcess ? GC.GetTotalAllocatedBytes(precise: true) : 0;
        var clock = Stopwatch.StartNew();
        PersonaIndex? index = null;
        Exception? error = null;
        try
        {
            index = mapped ? PersonaIndex.OpenMapped(path) : PersonaIndex.Load(path);
        }
        catch (Exception e)
        {
            error = e;
        }

        clock.Stop();
        long threadBytes = GC.GetAllocatedBytesForCurrentThread() - threadBefore;
        long processBytes = wholeProcess ? GC.GetTotalAllocatedBytes(precise: true) - processBefore : 0;
        if (index is not null)
        {
            InvalidOperationException? failure = Exercise(index);
            error = failure;
            if (mapped && failure?.InnerException is PersonaIndexFormatException deferred)
            {
                (index, error) = (null, deferred);
            }
        }

        return new Outcome(index, error, threadBytes, processBytes, clock.Elapsed);
    }

    private static InvalidOperationException? Exercise(PersonaIndex index)
    {
        try
        {
            var user = new float[index.Dimension];
            user[0] = 1;
            string[] items = new string[index.ItemCount];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = index.GetItemId(i);
                _ = index.GetPersonas(items[i]);
                _ = index.GetItemSummary(items[i]);
            }

            _ = index.Search(user, 5);
            _ = index.Score(user, items);
            return null;
        }
        catch (Exception e)
        {
            return new InvalidOperationException("The index loaded but failed when used.", e);
        }
    }

    /// <summary>The result of one load.</summary>
    /// <param name="Index">The index, when the file loaded and worked.</param>
    /// <param name="Error">What was thrown by the load or by the first use of the loaded index.</param>
    /// <param name="ThreadBytes">Bytes allocated by the loading thread.</param>
    /// <param name="ProcessBytes">Bytes allocated by the whole process meanwhile, when measured (exact only when no other test runs).</param>
    /// <param name="Elapsed">How long the load took.</param>
    public sealed record Outcome(PersonaIndex? Index, Exception? Error, long ThreadBytes, long ProcessBytes, TimeSpan Elapsed);
}
