/// The bridge from a conv or maxpool layer to the pure kernels of Convolution.swift and
/// MaxPool.swift (placeholder until they are merged).
enum ConvAdapter {
    static func forward(_ layer: StackLayer, input: Matrix) throws(BackpropError) -> Matrix {
        throw BackpropError.invalidNetwork("conv layers are not available in this build")
    }
    static func backward(_ layer: StackLayer, input: Matrix, outputGradient: Matrix) throws(BackpropError) -> (Matrix, Matrix, [Double]) {
        throw BackpropError.invalidNetwork("conv layers are not available in this build")
    }
    static func poolForward(_ layer: StackLayer, input: Matrix) throws(BackpropError) -> (Matrix, [Int]) {
        throw BackpropError.invalidNetwork("maxpool layers are not available in this build")
    }
    static func poolBackward(_ layer: StackLayer, indices: [Int], outputGradient: Matrix, rows: Int) throws(BackpropError) -> Matrix {
        throw BackpropError.invalidNetwork("maxpool layers are not available in this build")
    }
}
