namespace Grid.Learning.Analysis;

/// <summary>A square sparse matrix in row-major (CSR) form: row i's entries are at RowStart[i] .. RowStart[i+1]-1 of Columns and Values.</summary>
public sealed record SparseMatrix(int[] RowStart, int[] Columns, double[] Values)
{
    /// <summary>Builds the matrix from per-row column → value maps (columns come out sorted).</summary>
    public static SparseMatrix FromRows(IReadOnlyList<SortedDictionary<int, double>> rows)
    {
        var rowStart = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
            rowStart[i + 1] = rowStart[i] + rows[i].Count;
        var columns = new int[rowStart[^1]];
        var values = new double[rowStart[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            var at = rowStart[i];
            foreach (var (column, value) in rows[i])
            {
                columns[at] = column;
                values[at++] = value;
            }
        }
        return new SparseMatrix(rowStart, columns, values);
    }
}
