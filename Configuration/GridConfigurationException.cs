namespace Grid.Configuration;

/// <summary>A configuration key is missing or out of range; the message names the key.</summary>
public sealed class GridConfigurationException(string message) : Exception(message);
