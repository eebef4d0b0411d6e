/// The convolution as the formula reads: one loop per index. The reference the im2col kernels
/// are tested against (and the first implementation); callers check the counts first.
enum ConvLoops {
    static func forward(input x: [Double], kernels k: [Double], bias: [Double], geometry g: ConvGeometry,
                        batch: Int) -> [Double] {
        var y = [Double](repeating: 0, count: batch * g.outputCount)
        for n in 0..<batch {
            for f in 0..<g.filters {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        var sum = bias[f]
                        for c in 0..<g.channels {
                            for i in 0..<g.kernelHeight {
                                let iy = oy * g.stride + i - g.padding
                                guard iy >= 0, iy < g.height else { continue }
                                for j in 0..<g.kernelWidth {
                                    let ix = ox * g.stride + j - g.padding
                                    guard ix >= 0, ix < g.width else { continue }
                                    sum += k[((f * g.channels + c) * g.kernelHeight + i) * g.kernelWidth + j]
                                        * x[((n * g.channels + c) * g.height + iy) * g.width + ix]
                                }
                            }
                        }
                        y[((n * g.filters + f) * g.outputHeight + oy) * g.outputWidth + ox] = sum
                    }
                }
            }
        }
        return y
    }

    static func backward(input x: [Double], kernels k: [Double], geometry g: ConvGeometry, outputGradient dy: [Double],
                         batch: Int) -> (input: [Double], kernels: [Double], bias: [Double]) {
        var dx = [Double](repeating: 0, count: x.count)
        var dk = [Double](repeating: 0, count: k.count)
        var db = [Double](repeating: 0, count: g.filters)
        for n in 0..<batch {
            for f in 0..<g.filters {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        let d = dy[((n * g.filters + f) * g.outputHeight + oy) * g.outputWidth + ox]
                        db[f] += d
                        for c in 0..<g.channels {
                            for i in 0..<g.kernelHeight {
                                let iy = oy * g.stride + i - g.padding
                                guard iy >= 0, iy < g.height else { continue }
                                for j in 0..<g.kernelWidth {
                                    let ix = ox * g.stride + j - g.padding
                                    guard ix >= 0, ix < g.width else { continue }
                                    let kk = ((f * g.channels + c) * g.kernelHeight + i) * g.kernelWidth + j
                                    let xx = ((n * g.channels + c) * g.height + iy) * g.width + ix
                                    dx[xx] += d * k[kk]
                                    dk[kk] += d * x[xx]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dk, db)
    }
}
