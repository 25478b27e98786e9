namespace Grid.Grains;

/// <summary>Which stopping rule a sweep applies (<c>search.stopping.rule</c>); decisions carry it across grain calls.</summary>
public enum StoppingRule { None, Median, Asha, Paired }
