/// The bridge from a conv or maxpool layer (its batch as an m × C·H·W matrix) to the pure
/// kernels of Convolution.swift and MaxPool.swift (flat NCHW arrays).
enum ConvAdapter {
    static func convGeometry(_ layer: StackLayer) throws(BackpropError) -> ConvGeometry {
        guard case let .conv(f, kh, kw, s, p) = layer.kind else { throw BackpropError.invalidNetwork("not a conv layer") }
        let i = layer.inputShape
        return try ConvGeometry(channels: i.channels, height: i.height, width: i.width, filters: f,
                                kernelHeight: kh, kernelWidth: kw, stride: s, padding: p)
    }

    static func poolGeometry(_ layer: StackLayer) throws(BackpropError) -> PoolGeometry {
        guard case let .maxPool(ph, pw, s) = layer.kind else { throw BackpropError.invalidNetwork("not a maxpool layer") }
        let i = layer.inputShape
        return try PoolGeometry(channels: i.channels, height: i.height, width: i.width, poolHeight: ph, poolWidth: pw, stride: s)
    }

    static func matrix(_ values: [Double], rows: Int, what: String) throws(BackpropError) -> Matrix {
        guard rows > 0, values.count % rows == 0, let m = Matrix(rows: rows, cols: values.count / rows, storage: values) else {
            throw BackpropError.invalidNetwork("the \(what) kernel returned \(values.count) values for \(rows) examples")
        }
        return m
    }

    static func forward(_ layer: StackLayer, input: Matrix) throws(BackpropError) -> Matrix {
        let g = try convGeometry(layer)
        let out = conv2dForward(input: input.storage, kernels: layer.weights.storage, bias: layer.bias, geometry: g, batch: input.rows)
        return try matrix(out, rows: input.rows, what: "conv")
    }

    static func backward(_ layer: StackLayer, input: Matrix, outputGradient: Matrix) throws(BackpropError) -> (Matrix, Matrix, [Double]) {
        let g = try convGeometry(layer)
        let (dx, dk, db) = conv2dBackward(input: input.storage, kernels: layer.weights.storage, geometry: g,
                                          outputGradient: outputGradient.storage, batch: input.rows)
        guard let dK = Matrix(rows: layer.weights.rows, cols: layer.weights.cols, storage: dk), db.count == layer.bias.count else {
            throw BackpropError.invalidNetwork("the conv backward kernel returned the wrong number of values")
        }
        return (try matrix(dx, rows: input.rows, what: "conv backward"), dK, db)
    }

    static func poolForward(_ layer: StackLayer, input: Matrix) throws(BackpropError) -> (Matrix, [Int]) {
        let g = try poolGeometry(layer)
        let (out, argmax) = maxPoolForward(input: input.storage, geometry: g, batch: input.rows)
        return (try matrix(out, rows: input.rows, what: "maxpool"), argmax)
    }

    static func poolBackward(_ layer: StackLayer, indices: [Int], outputGradient: Matrix, rows: Int) throws(BackpropError) -> Matrix {
        let g = try poolGeometry(layer)
        let dx = maxPoolBackward(outputGradient: outputGradient.storage, argmax: indices, geometry: g, batch: rows)
        return try matrix(dx, rows: rows, what: "maxpool backward")
    }
}
