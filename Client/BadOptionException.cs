namespace Grid.Client;

/// <summary>A command-line option outside its range or list; the message names the option. Exit code 2.</summary>
public sealed class BadOptionException(string message) : Exception(message);
