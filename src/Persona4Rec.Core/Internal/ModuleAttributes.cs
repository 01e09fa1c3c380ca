using System.Runtime.CompilerServices;

// The scoring paths stackalloc query copies and dot-product scratch that are always fully written
// before being read; zero-initialising them costs more than scoring a 20-candidate rerank.
[module: SkipLocalsInit]
