namespace Grid.Learning.Training;

/// <summary>The optimisers a job can use; specs and the CLI spell them in lower case (<c>sgd</c>, <c>adam</c>).</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (the thesis's choice).</summary>
    Sgd,
    Adam,
}
