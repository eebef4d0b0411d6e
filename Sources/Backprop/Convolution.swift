/// The sizes of one 2-D convolution (cross-correlation, as PyTorch's `Conv2d`): an input of
/// `channels × height × width` per example, `filters` kernels of `channels × kernelHeight ×
/// kernelWidth`, one stride and one zero padding for both axes.
///
/// Layouts are row-major and PyTorch's: inputs and outputs NCHW (`[batch][channel][row][column]`),
/// kernels `[filter][channel][i][j]`, one bias per filter. Indices are 0-based here; the 1-based
/// names (`K1`, `k1cij`) belong to the language.
public struct ConvGeometry: Sendable, Equatable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let filters: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int
    /// ⌊(height + 2·padding − kernelHeight) / stride⌋ + 1.
    public let outputHeight: Int
    /// ⌊(width + 2·padding − kernelWidth) / stride⌋ + 1.
    public let outputWidth: Int

    public init(channels: Int, height: Int, width: Int, filters: Int, kernelHeight: Int, kernelWidth: Int,
                stride: Int = 1, padding: Int = 0) throws(BackpropError) {
        try LayerSizes.positive([("channels", channels), ("height", height), ("width", width),
                                 ("filters", filters), ("kernel height", kernelHeight), ("kernel width", kernelWidth)],
                                layer: "conv")
        try LayerSizes.strideAndPadding(stride: stride, padding: padding, layer: "conv")
        let (oh, ow) = try LayerSizes.windowFits(what: "kernel", windowHeight: kernelHeight, windowWidth: kernelWidth,
                                                 channels: channels, height: height, width: width,
                                                 stride: stride, padding: padding)
        try LayerSizes.bounded([("the input", [channels, height, width]), ("the output", [filters, oh, ow]),
                                ("the kernels", [filters, channels, kernelHeight, kernelWidth])], layer: "conv")
        self.channels = channels
        self.height = height
        self.width = width
        self.filters = filters
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
        self.outputHeight = oh
        self.outputWidth = ow
    }

    /// Values of one example's input: channels·height·width.
    public var inputCount: Int { channels * height * width }
    /// Values of one example's output: filters·outputHeight·outputWidth.
    public var outputCount: Int { filters * outputHeight * outputWidth }
    /// All kernel weights: filters·channels·kernelHeight·kernelWidth.
    public var kernelCount: Int { filters * channels * kernelHeight * kernelWidth }
    /// Weights of one filter: channels·kernelHeight·kernelWidth (a row of the im2col product).
    public var patchCount: Int { channels * kernelHeight * kernelWidth }
    /// Output positions per filter and example: outputHeight·outputWidth.
    public var positionCount: Int { outputHeight * outputWidth }

    /// Throws unless the arrays have the counts this geometry and `batch` need (the kernels
    /// themselves return empty arrays rather than trap on a wrong count).
    public func validate(input: [Double], kernels: [Double], bias: [Double]? = nil, outputGradient: [Double]? = nil,
                         batch: Int) throws(BackpropError) {
        guard batch >= 1 else { throw BackpropError.invalidArgument("a batch needs at least one example, not \(batch)") }
        try LayerSizes.count("the conv input", input.count, Shape(batch, inputCount))
        try LayerSizes.count("the conv kernels", kernels.count, Shape(filters, patchCount))
        if let bias { try LayerSizes.count("the conv bias", bias.count, Shape(1, filters)) }
        if let outputGradient { try LayerSizes.count("the conv output gradient", outputGradient.count, Shape(batch, outputCount)) }
    }

    func fits(input: [Double], kernels: [Double], batch: Int) -> Bool {
        batch >= 1 && input.count == batch * inputCount && kernels.count == kernelCount
    }
}

/// The convolution's output, `batch × filters × outputHeight × outputWidth`:
/// y[n,f,oy,ox] = bias[f] + Σ_c Σ_i Σ_j k[f,c,i,j] · x[n, c, oy·stride + i − padding, ox·stride + j − padding]
/// (positions in the padding count as 0). Empty when an array has the wrong count (see
/// `ConvGeometry.validate`).
public func conv2dForward(input: [Double], kernels: [Double], bias: [Double], geometry g: ConvGeometry,
                          batch: Int) -> [Double] {
    guard g.fits(input: input, kernels: kernels, batch: batch), bias.count == g.filters else { return [] }
    return ConvIm2col.forward(input: input, kernels: kernels, bias: bias, geometry: g, batch: batch)
}

/// The gradients of the loss with respect to the input (`batch × C × H × W`), the kernels
/// (`F × C × kh × kw`, summed over the batch and every position) and the bias (`F`), given the
/// gradient with respect to the output (`batch × F × outputHeight × outputWidth`). Nothing is
/// averaged: a mean over the batch is already in `outputGradient`. With `needsInputGradient`
/// false (a first layer) the input gradient is skipped and returned empty. Empty arrays when an
/// array has the wrong count.
public func conv2dBackward(input: [Double], kernels: [Double], geometry g: ConvGeometry, outputGradient: [Double],
                           batch: Int, needsInputGradient: Bool = true) -> (input: [Double], kernels: [Double], bias: [Double]) {
    guard g.fits(input: input, kernels: kernels, batch: batch), outputGradient.count == batch * g.outputCount else {
        return ([], [], [])
    }
    return ConvIm2col.backward(input: input, kernels: kernels, geometry: g, outputGradient: outputGradient, batch: batch,
                               needsInputGradient: needsInputGradient)
}
