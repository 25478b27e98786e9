namespace Grid.Learning.Training;

/// <summary>
/// The learning-rate schedules of <see cref="LearningRateSchedule"/>; specs and the CLI spell them in lower case
/// (<c>cosine</c>, <c>step</c>, <c>multistep</c>, <c>constant</c>).
/// </summary>
public enum ScheduleKind
{
    Cosine,
    Step,
    Multistep,
    Constant,
}
