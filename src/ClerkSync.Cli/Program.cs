// Placeholder entry point until the System.CommandLine tool lands (issue #3).
return 0;
