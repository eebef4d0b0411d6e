/// The sizes of one 2-D max pooling (PyTorch's `MaxPool2d` with dilation 1 and floor mode): a
/// `poolHeight × poolWidth` window moved by `stride` over each channel of a `channels × height ×
/// width` input, padded by `padding` positions that never win (−∞). Layout NCHW, 0-based.
public struct PoolGeometry: Sendable, Equatable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let poolHeight: Int
    public let poolWidth: Int
    public let stride: Int
    public let padding: Int
    public let outputHeight: Int
    public let outputWidth: Int

    /// `stride` defaults to the window (non-overlapping windows, PyTorch's default); `padding`
    /// may be at most half the smaller window side, as PyTorch requires, so every window holds
    /// at least one input value.
    public init(channels: Int, height: Int, width: Int, poolHeight: Int, poolWidth: Int, stride: Int? = nil,
                padding: Int = 0) throws(BackpropError) {
        try LayerSizes.positive([("channels", channels), ("height", height), ("width", width),
                                 ("pool height", poolHeight), ("pool width", poolWidth)], layer: "maxpool")
        let stride = stride ?? poolHeight
        try LayerSizes.strideAndPadding(stride: stride, padding: padding, layer: "maxpool")
        guard 2 * padding <= min(poolHeight, poolWidth) else {
            throw BackpropError.invalidNetwork(
                "maxpool: the padding may be at most half the \(poolHeight)×\(poolWidth) window (\(min(poolHeight, poolWidth) / 2)), not \(padding)")
        }
        let (oh, ow) = try LayerSizes.windowFits(what: "pooling window", windowHeight: poolHeight, windowWidth: poolWidth,
                                                 channels: channels, height: height, width: width,
                                                 stride: stride, padding: padding)
        try LayerSizes.bounded([("the input", [channels, height, width])], layer: "maxpool")
        self.channels = channels
        self.height = height
        self.width = width
        self.poolHeight = poolHeight
        self.poolWidth = poolWidth
        self.stride = stride
        self.padding = padding
        self.outputHeight = oh
        self.outputWidth = ow
    }

    /// Values of one example's input: channels·height·width.
    public var inputCount: Int { channels * height * width }
    /// Values of one example's output: channels·outputHeight·outputWidth.
    public var outputCount: Int { channels * outputHeight * outputWidth }
}

/// The largest value of every window, `batch × channels × outputHeight × outputWidth`, and for
/// each output the index into `input` (0-based, counting over the whole batch) of the value that
/// won: the first largest in row-major order within the window, or the last NaN (PyTorch's
/// CPU rule). Empty arrays when `input` has the wrong count.
public func maxPoolForward(input x: [Double], geometry g: PoolGeometry, batch: Int) -> (output: [Double], argmax: [Int]) {
    guard batch >= 1, x.count == batch * g.inputCount else { return ([], []) }
    var y = [Double](repeating: 0, count: batch * g.outputCount)
    var arg = [Int](repeating: 0, count: y.count)
    var out = 0
    for plane in 0..<(batch * g.channels) {
        let base = plane * g.height * g.width
        for oy in 0..<g.outputHeight {
            let y0 = max(oy * g.stride - g.padding, 0), y1 = min(oy * g.stride - g.padding + g.poolHeight, g.height)
            for ox in 0..<g.outputWidth {
                let x0 = max(ox * g.stride - g.padding, 0), x1 = min(ox * g.stride - g.padding + g.poolWidth, g.width)
                var best = -Double.infinity, at = base + y0 * g.width + x0
                for iy in y0..<y1 {
                    for ix in x0..<x1 {
                        let v = x[base + iy * g.width + ix]
                        if v > best || v.isNaN {
                            best = v
                            at = base + iy * g.width + ix
                        }
                    }
                }
                y[out] = best
                arg[out] = at
                out += 1
            }
        }
    }
    return (y, arg)
}

/// The gradient with respect to the input: each output's gradient goes to the input that won
/// its window (summed where windows overlap and share a winner). Empty when the counts do not
/// match or an index is outside the input.
public func maxPoolBackward(outputGradient dy: [Double], argmax: [Int], geometry g: PoolGeometry, batch: Int) -> [Double] {
    guard batch >= 1, dy.count == batch * g.outputCount, argmax.count == dy.count else { return [] }
    let n = batch * g.inputCount
    var dx = [Double](repeating: 0, count: n)
    for (k, i) in argmax.enumerated() {
        guard i >= 0, i < n else { return [] }
        dx[i] += dy[k]
    }
    return dx
}
