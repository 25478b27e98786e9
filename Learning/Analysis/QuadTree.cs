namespace Grid.Learning.Analysis;

/// <summary>
/// A point-region quadtree over the 2-d map, each cell keeping its point count and centre of mass, for the
/// Barnes-Hut approximation of t-SNE's repulsive forces. Nodes live in flat arrays; node 0 is the root.
/// </summary>
internal sealed class QuadTree
{
    // Beyond this depth coincident (or nearly so) points share a leaf instead of splitting forever.
    private const int MaxDepth = 40;

    private readonly List<Node> _nodes = [];
    private readonly Stack<int> _pending = new();
    private readonly double[] _x;
    private readonly double[] _y;

    private struct Node
    {
        public double CentreX, CentreY, HalfWidth;
        public double MassX, MassY;
        public int Count;
        public int FirstChild; // -1 for a leaf; otherwise four consecutive nodes (NW, NE, SW, SE)
        public int Point;      // the leaf's first point, -1 for an empty leaf
        public int Depth;
    }

    public QuadTree(double[] x, double[] y)
    {
        _x = x;
        _y = y;
        double minX = x.Min(), maxX = x.Max(), minY = y.Min(), maxY = y.Max();
        var half = Math.Max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12;
        _nodes.Add(EmptyNode((minX + maxX) / 2, (minY + maxY) / 2, half, 0));
        for (var i = 0; i < x.Length; i++)
            Insert(0, i);
    }

    /// <summary>
    /// Adds the repulsive terms for point i: Σ q_ij² (y_i − y_j) into (forceX, forceY) and returns Σ q_ij,
    /// both over j ≠ i, with far cells summarised by their centre of mass when width / distance &lt; theta.
    /// </summary>
    public double Repulsion(int i, double theta, out double forceX, out double forceY)
    {
        forceX = forceY = 0;
        double normaliser = 0;
        _pending.Push(0);
        while (_pending.Count > 0)
        {
            var node = _nodes[_pending.Pop()];
            if (node.Count == 0)
                continue;
            var dx = _x[i] - node.MassX;
            var dy = _y[i] - node.MassY;
            var squared = dx * dx + dy * dy;
            var summarise = node.FirstChild < 0
                || (!Contains(node, _x[i], _y[i]) && 2 * node.HalfWidth < theta * Math.Sqrt(squared));
            if (!summarise)
            {
                for (var c = 3; c >= 0; c--)
                    _pending.Push(node.FirstChild + c);
                continue;
            }
            var q = 1.0 / (1.0 + squared);
            normaliser += node.Count * q;
            forceX += node.Count * q * q * dx;
            forceY += node.Count * q * q * dy;
        }
        // Point i reached its own leaf as a term with distance 0 and q = 1 (and zero force): remove it.
        return normaliser - 1;
    }

    private static Node EmptyNode(double centreX, double centreY, double halfWidth, int depth) => new()
    {
        CentreX = centreX, CentreY = centreY, HalfWidth = halfWidth, FirstChild = -1, Point = -1, Depth = depth,
    };

    private static bool Contains(Node node, double x, double y) =>
        Math.Abs(x - node.CentreX) <= node.HalfWidth && Math.Abs(y - node.CentreY) <= node.HalfWidth;

    private void Insert(int index, int point)
    {
        while (true)
        {
            var node = _nodes[index];
            node.MassX = (node.MassX * node.Count + _x[point]) / (node.Count + 1);
            node.MassY = (node.MassY * node.Count + _y[point]) / (node.Count + 1);
            node.Count++;
            if (node.FirstChild < 0)
            {
                if (node.Point < 0 || node.Depth >= MaxDepth)
                {
                    if (node.Point < 0)
                        node.Point = point;
                    _nodes[index] = node;
                    return;
                }
                var resident = node.Point;
                node.Point = -1;
                node.FirstChild = Split(node);
                _nodes[index] = node;
                InsertIntoChild(node, resident);
            }
            else
            {
                _nodes[index] = node;
            }
            index = ChildFor(node, point);
        }
    }

    /// <summary>Re-inserts a point that a leaf held before it split (the leaf's own mass already counts it).</summary>
    private void InsertIntoChild(Node parent, int point) => Insert(ChildFor(parent, point), point);

    private int Split(Node node)
    {
        var first = _nodes.Count;
        var quarter = node.HalfWidth / 2;
        foreach (var (sx, sy) in new[] { (-1, 1), (1, 1), (-1, -1), (1, -1) })
            _nodes.Add(EmptyNode(node.CentreX + sx * quarter, node.CentreY + sy * quarter, quarter, node.Depth + 1));
        return first;
    }

    private int ChildFor(Node node, int point)
    {
        var east = _x[point] > node.CentreX ? 1 : 0;
        var south = _y[point] > node.CentreY ? 0 : 2;
        return node.FirstChild + south + east;
    }
}
