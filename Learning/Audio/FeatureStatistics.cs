namespace Grid.Learning.Audio;

/// <summary>
/// Running mean and variance of each (channel, mel) bin over every frame of every clip added. Clips are
/// merged with Chan et al.'s pairwise update, which stays accurate over millions of frames.
/// </summary>
public sealed class FeatureStatistics
{
    readonly double[] _mean;
    readonly double[] _sumOfSquares; // Σ (x − mean)² per bin
    long _frames;

    public int Channels { get; }
    public int Mels { get; }

    public FeatureStatistics(int channels, int mels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(mels, 1);
        Channels = channels;
        Mels = mels;
        _mean = new double[channels * mels];
        _sumOfSquares = new double[channels * mels];
    }

    /// <summary>Adds one clip's features, C-order C × nMels × frames.</summary>
    public void Add(float[] features)
    {
        var bins = Channels * Mels;
        if (features.Length == 0 || features.Length % bins != 0)
            throw new ArgumentException($"features of {features.Length} values are not {Channels} × {Mels} × frames");
        var frames = features.Length / bins;
        var total = _frames + frames;
        for (var bin = 0; bin < bins; bin++)
        {
            var clip = features.AsSpan(bin * frames, frames);
            var clipMean = 0.0;
            foreach (var x in clip) clipMean += x;
            clipMean /= frames;
            var clipSquares = 0.0;
            foreach (var x in clip) clipSquares += (x - clipMean) * (x - clipMean);

            var delta = clipMean - _mean[bin];
            _mean[bin] += delta * frames / total;
            _sumOfSquares[bin] += clipSquares + delta * delta * _frames * frames / total;
        }
        _frames = total;
    }

    /// <summary>The normaliser with these means and population standard deviations.</summary>
    public FeatureNormalizer ToNormalizer()
    {
        if (_frames == 0) throw new InvalidOperationException("no features were added");
        return new FeatureNormalizer(Channels, Mels,
            _mean.Select(m => (float)m).ToArray(),
            _sumOfSquares.Select(s => (float)Math.Sqrt(s / _frames)).ToArray());
    }
}
