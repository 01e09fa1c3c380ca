namespace Persona4Rec.Offline.Generation.ReviewDerived;

/// <summary>
/// The word lists behind the LLM-free persona names. No maintained stop-word or part-of-speech
/// package is served to this build, so the lists are kept here, small and documented in
/// docs/personas.md: a standard English stop-word list, the words every review uses, and the
/// common verbs and adjectives that cannot end a noun phrase.
/// </summary>
internal static class EnglishWords
{
    /// <summary>
    /// The NLTK English stop-word list (179 function words), plus the apostrophe-less and extra
    /// contractions reviewers type ("dont", "i'm") and the modal and degree words it lacks.
    /// </summary>
    public static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // NLTK english
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've", "you'll", "you'd", "your", "yours",
        "yourself", "yourselves", "he", "him", "his", "himself", "she", "she's", "her", "hers", "herself", "it", "it's", "its",
        "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "that'll", "these",
        "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing",
        "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about",
        "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out",
        "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any",
        "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too",
        "very", "s", "t", "can", "will", "just", "don", "don't", "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y",
        "ain", "aren", "aren't", "couldn", "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't", "hasn", "hasn't",
        "haven", "haven't", "isn", "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn", "needn't", "shan", "shan't",
        "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won", "won't", "wouldn", "wouldn't",

        // contractions and function words NLTK lacks
        "i'm", "i've", "i'd", "i'll", "he's", "we're", "we've", "we'll", "they're", "they've", "they'll", "there's", "what's", "let's",
        "can't", "cannot", "im", "ive", "id", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "thats", "theres", "youre",
        "would", "could", "might", "must", "shall", "may", "also", "yet", "though", "although", "however", "even", "ever", "every",
        "much", "many", "really", "quite", "still", "since", "within", "without", "upon", "onto", "via", "per", "else", "anyway",
        "etc", "lot", "lots", "bit", "one", "ones", "two", "three", "four", "five", "six", "ten", "first", "second", "us", "oh", "ok",
        "okay", "yes", "well", "maybe", "probably", "actually", "definitely", "absolutely", "totally", "pretty", "enough", "almost",
        "already", "always", "never", "often", "sometimes", "usually", "anything", "something", "everything", "nothing", "someone",
        "anyone", "everyone", "thing", "things", "stuff", "way", "kind", "sort", "whole", "another", "either", "neither", "instead",
        "rather", "far", "away", "back", "around", "along", "together", "else's", "whatever", "whenever", "overall", "it'd",
        "would've", "could've", "might've", "must've", "gotta", "gonna", "wanna", "less", "least", "thus", "hence", "that's",
        "here's", "who's", "where's", "how's", "others", "another's", "several", "super", "perhaps", "otherwise",
        "anyhow", "indeed", "alas", "besides", "regardless", "somewhat", "whether",
    };

    /// <summary>
    /// Nouns too general to stand alone as a key phrase ("quality", "place"); they may end a longer one
    /// ("build quality", "sound quality").
    /// </summary>
    public static readonly HashSet<string> GeneralNouns = new(StringComparer.Ordinal)
    {
        "quality", "place", "purpose", "difference", "position", "test", "equipment", "set", "type", "piece", "pieces", "unit",
        "units", "option", "options", "choice", "deal", "value", "result", "results", "experience", "amount", "matter", "case",
        "idea", "level", "bunch", "couple", "number", "person", "people", "guy", "guys", "folks", "opinion", "mind", "magic",
        "addition", "condition", "design", "model", "version", "brand", "company", "feature", "features", "purchase", "situation",
        "stars", "size", "cost", "quantity", "shape", "style", "everyone", "nobody", "anybody", "somebody", "description", "close",
        "bet", "clue", "complaint", "complaints", "solution", "slogan", "music", "average", "business", "fingers", "friend",
    };

    /// <summary>
    /// Words every review of anything uses — praise, the shop, the act of buying, time — so they name
    /// no kind of reviewer (the catalogue-wide part of "distinctive"). Never part of a key phrase.
    /// </summary>
    public static readonly HashSet<string> ReviewWords = new(StringComparer.Ordinal)
    {
        "product", "products", "item", "items", "amazon", "review", "reviews", "reviewer", "reviewers", "star", "stars", "rating",
        "seller", "purchase", "purchased", "order", "ordered", "buy", "bought", "buying", "price", "money", "dollars", "bucks",
        "great", "good", "nice", "awesome", "excellent", "perfect", "best", "better", "bad", "worse", "worst", "love", "loved", "loves",
        "like", "liked", "likes", "fine", "cool", "amazing", "wonderful", "fantastic", "terrible", "horrible", "awful",
        "recommend", "recommended", "time", "times", "year", "years", "day", "days", "week", "weeks", "month", "months", "today",
        "new", "old", "little", "big", "long", "last", "next", "use", "used", "using", "uses", "work", "works", "worked", "working",
        "job", "problem", "problems", "issue", "issues", "part", "reason", "fact", "point", "hand", "end", "side", "sure", "able",
    };

    /// <summary>Common verbs, in the forms reviewers use: a phrase neither starts nor ends on one.</summary>
    public static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "get", "gets", "got", "getting", "make", "makes", "made", "making", "go", "goes", "went", "going", "gone", "come", "comes",
        "came", "take", "takes", "took", "taken", "give", "gives", "gave", "given", "put", "puts", "let", "see", "sees", "saw", "seen",
        "look", "looks", "looked", "looking", "try", "tried", "trying", "find", "found", "keep", "keeps", "kept", "seem", "seems",
        "seemed", "know", "knew", "known", "think", "thought", "want", "wanted", "wants", "need", "needs", "needed", "say", "said",
        "says", "tell", "told", "feel", "feels", "felt", "sounds", "sounded", "plays", "played", "fits", "fitted", "hold", "holds",
        "held", "stay", "stays", "stayed", "sit", "sits", "sat", "turn", "turns", "turned", "runs", "ran", "hear", "heard", "sell",
        "sold", "plugged", "breaks", "broke", "returned", "arrive", "arrived", "arrives", "install", "installed", "changed", "expect",
        "expected", "adds", "added", "helps", "helped", "started", "stopped", "happen", "happened", "does", "gets", "works", "lasts",
        "lasted", "bought", "ordered", "received", "owned", "own", "owns", "recommend", "wish", "hope", "guess", "mean", "means",
        "read", "reads", "connect", "connects", "pay", "pays", "paid", "protect", "protects", "gotten", "tighten", "hook", "hooks",
        "plug", "plugs", "fix", "fixes", "solve", "solves", "stand", "stands", "replace", "replaces", "return", "returns", "ship",
        "ships", "shipped", "check", "checks", "sing", "sings", "sang", "write", "wrote", "written", "bring", "brought", "allow",
        "allows", "love", "loves", "enjoy", "enjoys", "prefer", "prefers", "cost", "costs", "require", "requires", "provide",
        "provides", "offer", "offers", "include", "includes", "become", "became", "begin", "began", "carry", "carries", "show",
        "shows", "mount", "mounts", "attach", "attaches", "compare", "compares", "compared", "seem", "appear", "appears", "worry",
        "play", "done", "stolen", "stop", "stops", "mistreat", "mistreated", "estimated", "happen", "happens", "care", "cares",
    };

    /// <summary>Common adjectives: they may open a phrase as a modifier ("warm tone") but never end one, so every name ends on a noun.</summary>
    public static readonly HashSet<string> Adjectives = new(StringComparer.Ordinal)
    {
        "easy", "easier", "hard", "harder", "cheap", "cheaper", "expensive", "solid", "sturdy", "heavy", "light", "loud", "quiet",
        "clear", "clean", "bright", "warm", "small", "large", "high", "low", "short", "tight", "loose", "strong", "weak", "real",
        "different", "similar", "right", "wrong", "top", "full", "free", "true", "decent", "simple", "handy", "useful", "useless",
        "worth", "quick", "fast", "slow", "soft", "thin", "thick", "flimsy", "durable", "reliable", "accurate", "comfortable",
        "responsive", "available", "original", "extra", "main", "less", "least", "glad", "pleased", "disappointed", "impressed",
        "surprised", "satisfied", "sorry", "unable", "certain", "able", "sure", "fine", "stable", "smooth", "rich", "deep", "hot",
        "cold", "dark", "nice", "great", "good", "bad", "happy", "overall", "inexpensive", "affordable", "perfect", "average",
        "happier", "smaller", "bigger", "larger", "louder", "quieter", "cheaper", "easier", "harder", "lighter", "heavier", "yellow",
        "red", "blue", "green", "white", "black", "proper", "proven", "ultra", "scratchy", "beautiful", "stuck", "suspect",
    };
}
