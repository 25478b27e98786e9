using System.Globalization;

namespace Grid.Learning.Data;

/// <summary>
/// UrbanSound8K: <c>metadata/UrbanSound8K.csv</c>
/// (<c>slice_file_name,fsID,start,end,salience,fold,classID,class</c>) and <c>audio/fold1..fold10/</c>.
/// The ten predefined folds are kept; slices of one freesound recording (fsID) share a fold. A copy holding a
/// subset of the folds is read when its metadata names only those: each fold the metadata names must have its
/// folder, and the index's <see cref="DatasetIndex.FoldsPresent"/> lists them (fold numbers keep their meaning).
/// </summary>
public sealed class UrbanSound8KLayout : IDatasetLayout
{
    public const int FoldCount = 10;

    /// <summary>The classes in classID order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "air_conditioner", "car_horn", "children_playing", "dog_bark", "drilling",
        "engine_idling", "gun_shot", "jackhammer", "siren", "street_music",
    ];

    public string Name => "us8k";

    int? IDatasetLayout.FoldCount => FoldCount;

    public bool Labelled => true;

    public FixedSplit? FixedSplit => null;

    /// <summary>4 s: the length of UrbanSound8K's slices.</summary>
    public double DefaultClipSeconds => 4.0;

    public DatasetIndex Read(string root, DatasetReadOptions options)
    {
        var csvPath = Path.Combine(root, "metadata", "UrbanSound8K.csv");
        var table = CsvTable.ReadWithHeader(csvPath,
            "slice_file_name", "fsID", "start", "end", "salience", "fold", "classID", "class");

        int name = table.Column("slice_file_name"), fsId = table.Column("fsID"), start = table.Column("start"),
            end = table.Column("end"), salience = table.Column("salience"), foldColumn = table.Column("fold"),
            classId = table.Column("classID"), className = table.Column("class");
        var files = new ListedFiles(options.SkipBad);
        var clips = new List<Clip>();
        var foldsNamed = new SortedSet<int>();
        foreach (var row in table.Rows)
        {
            var fold = table.Int(row, foldColumn);
            if (fold is < 1 or > FoldCount)
                throw new DatasetFormatException(csvPath, row.Line, $"fold {fold} is outside 1..{FoldCount}");
            if (foldsNamed.Add(fold) && !Directory.Exists(FoldFolder(root, fold)))
                throw new DatasetFormatException(FoldFolder(root, fold), null, $"folder not found; {csvPath}:{row.Line} lists fold {fold}");
            var label = table.Int(row, classId);
            var cls = row.Fields[className].Trim();
            if (label < 0 || label >= ClassNames.Count || ClassNames[label] != cls)
                throw new DatasetFormatException(csvPath, row.Line,
                    $"unknown class '{cls}' with classID {label}; expected one of {string.Join(", ", ClassNames.Select((c, i) => $"{i}={c}"))}");
            var startSeconds = table.Number(row, start);
            var endSeconds = table.Number(row, end);
            if (endSeconds < startSeconds)
                throw new DatasetFormatException(csvPath, row.Line, $"end {endSeconds} is before start {startSeconds}");
            table.Int(row, salience);
            var source = table.Int(row, fsId).ToString(CultureInfo.InvariantCulture);
            var fileName = row.Fields[name].Trim();
            var audioPath = LayoutChecks.ListedPath(root, FoldFolder(root, fold), fileName, csvPath, row.Line);
            if (!files.Exists(audioPath, csvPath, row.Line)) continue;
            clips.Add(new Clip(Path.GetFileNameWithoutExtension(fileName), audioPath, label, cls, fold, source));
        }
        LayoutChecks.RequireClips(root, clips);
        var foldNames = Enumerable.Range(1, FoldCount).Select(f => $"fold{f}").ToArray();
        return new DatasetIndex(Name, root, ClassNames, clips, files.Problems, foldNames)
        {
            FoldsPresent = foldsNamed.Count < FoldCount ? foldsNamed.ToArray() : null,
        };
    }

    public static string FoldFolder(string root, int fold) => Path.Combine(root, "audio", $"fold{fold}");
}
