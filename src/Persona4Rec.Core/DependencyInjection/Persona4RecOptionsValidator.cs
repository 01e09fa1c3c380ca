using Microsoft.Extensions.Options;

namespace Persona4Rec.DependencyInjection;

/// <summary>Checks <see cref="Persona4RecOptions"/> at start-up; each failure names the setting by its configuration path.</summary>
internal sealed class Persona4RecOptionsValidator : IValidateOptions<Persona4RecOptions>
{
    private const string Prefix = Persona4RecOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, Persona4RecOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.IndexPath))
        {
            failures.Add($"{Prefix}IndexPath is required: the path of the index file to load.");
        }
        else if (!File.Exists(options.IndexPath))
        {
            failures.Add($"{Prefix}IndexPath '{options.IndexPath}' does not exist (full path: {Path.GetFullPath(options.IndexPath)}).");
        }

        if (options.BlendPath is { Length: > 0 } blend && !File.Exists(blend))
        {
            failures.Add($"{Prefix}BlendPath '{blend}' does not exist (full path: {Path.GetFullPath(blend)}).");
        }

        if (options.Profile is null)
        {
            failures.Add($"{Prefix}Profile must not be null.");
        }
        else
        {
            if (options.Profile.MaxInteractions < 1)
            {
                failures.Add($"{Prefix}Profile:MaxInteractions is {options.Profile.MaxInteractions}; it must be at least 1.");
            }

            if (!(options.Profile.Gamma is > 0 and <= 1))
            {
                failures.Add($"{Prefix}Profile:Gamma is {options.Profile.Gamma}; it must be in (0, 1].");
            }
        }

        if (options.Recommender is null)
        {
            failures.Add($"{Prefix}Recommender must not be null.");
        }
        else
        {
            if (options.Recommender.MaxQuotes < 0)
            {
                failures.Add($"{Prefix}Recommender:MaxQuotes is {options.Recommender.MaxQuotes}; it must be 0 or more.");
            }

            if (options.Recommender.MaxQuoteCharacters < 20)
            {
                failures.Add($"{Prefix}Recommender:MaxQuoteCharacters is {options.Recommender.MaxQuoteCharacters}; it must be at least 20.");
            }

            if (options.Recommender.FusionK < 0)
            {
                failures.Add($"{Prefix}Recommender:FusionK is {options.Recommender.FusionK}; it must be 0 or more.");
            }

            if (!Enum.IsDefined(options.Recommender.Mode))
            {
                failures.Add($"{Prefix}Recommender:Mode is {options.Recommender.Mode}; it must be one of {string.Join(", ", Enum.GetNames<RerankMode>())}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
