/// One use of a shared kernel weight k[f,c,i,j]: in example `example`, output y[n,f,oy,ox]
/// takes k[f,c,i,j]·x[n,c,iy,ix]. Each use is one group of chain-rule paths, and
/// ∂L/∂k[f,c,i,j] = Σ over the uses of ∂L/∂y[outputIndex] · x[inputIndex]. Indices are 0-based;
/// `outputIndex` and `inputIndex` are flat offsets into the batch's output and input arrays.
public struct ConvWeightUse: Sendable, Equatable, Hashable {
    public let example: Int
    public let outputRow: Int
    public let outputColumn: Int
    public let inputRow: Int
    public let inputColumn: Int
    public let outputIndex: Int
    public let inputIndex: Int
}

extension ConvGeometry {
    /// The output rows (or columns) at which kernel row (or column) `offset` meets a real input
    /// along one axis, with that input's row (column); positions in the padding are left out
    /// because they multiply a constant 0 and carry no path.
    private func axisUses(offset: Int, outputs: Int, size: Int) -> [(output: Int, input: Int)] {
        (0..<outputs).compactMap { o in
            let at = o * stride + offset - padding
            return at >= 0 && at < size ? (o, at) : nil
        }
    }

    /// How many times k[f,c,i,j] meets a real input over the batch (the same for every f and c):
    /// the exact count of `weightUses`, without listing them. 0 when (i, j) is outside the kernel.
    public func weightUseCount(row i: Int, column j: Int, batch: Int) -> Int {
        guard (0..<kernelHeight).contains(i), (0..<kernelWidth).contains(j), batch >= 1 else { return 0 }
        return batch * axisUses(offset: i, outputs: outputHeight, size: height).count
            * axisUses(offset: j, outputs: outputWidth, size: width).count
    }

    /// Every use of k[f,c,i,j] over the batch, by example, then output row, then output column.
    /// Empty when an index is outside the kernels or `batch` < 1.
    public func weightUses(filter f: Int, channel c: Int, row i: Int, column j: Int, batch: Int) -> [ConvWeightUse] {
        guard (0..<filters).contains(f), (0..<channels).contains(c), (0..<kernelHeight).contains(i),
              (0..<kernelWidth).contains(j), batch >= 1 else { return [] }
        let rows = axisUses(offset: i, outputs: outputHeight, size: height)
        let cols = axisUses(offset: j, outputs: outputWidth, size: width)
        var uses: [ConvWeightUse] = []
        uses.reserveCapacity(batch * rows.count * cols.count)
        for n in 0..<batch {
            for (oy, iy) in rows {
                for (ox, ix) in cols {
                    uses.append(ConvWeightUse(
                        example: n, outputRow: oy, outputColumn: ox, inputRow: iy, inputColumn: ix,
                        outputIndex: ((n * filters + f) * outputHeight + oy) * outputWidth + ox,
                        inputIndex: ((n * channels + c) * height + iy) * width + ix))
                }
            }
        }
        return uses
    }
}
