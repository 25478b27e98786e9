namespace Grid.Learning.Data;

/// <summary>A store entry together with the segment that holds its samples.</summary>
public readonly record struct StoredWaveform(WaveformSegment Segment, WaveformEntry Entry)
{
    /// <summary>A new array with the clip's mono samples (throws for an entry that failed to decode).</summary>
    public float[] Read() => Segment.Read(Entry);
}
