namespace Grid.Learning.Analysis;

/// <summary>A t-SNE result: N×2 coordinates and the final KL(P‖Q), computed exactly or with Barnes-Hut as the gradients were.</summary>
public sealed record TsneMap(double[][] Coordinates, double KlDivergence, bool BarnesHut);
