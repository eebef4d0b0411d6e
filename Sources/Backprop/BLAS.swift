import CBLAS

/// Matrix products through OpenBLAS's CBLAS.
///
/// Everything is row-major. These are the only three products the engine needs:
/// `a = h·Wᵀ` (forward), `∇W = ∇aᵀ·h` and `∇h = ∇a·W` (backward).
enum BLAS {
    /// C (m×n) = α·op(A)·op(B) + β·C, where op(A) is m×k and op(B) is k×n.
    @inline(__always)
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `A·Bᵀ` for A m×k and B n×k (the forward product h·Wᵀ).
    static func multiplyTransposed(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, cols: b.rows)
        guard a.rows > 0, b.rows > 0, a.cols > 0 else { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
                    gemm(transA: false, transB: true, m: a.rows, n: b.rows, k: a.cols,
                         a: A, lda: a.cols, b: B, ldb: b.cols, c: C, ldc: b.rows)
                }
            }
        }
        return c
    }

    /// `Aᵀ·B` for A k×m and B k×n (the weight gradient ∇aᵀ·h).
    static func transposedMultiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.cols, cols: b.cols)
        guard a.cols > 0, b.cols > 0, a.rows > 0 else { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
                    gemm(transA: true, transB: false, m: a.cols, n: b.cols, k: a.rows,
                         a: A, lda: a.cols, b: B, ldb: b.cols, c: C, ldc: b.cols)
                }
            }
        }
        return c
    }

    /// `A·B` for A m×k and B k×n (the hidden gradient ∇a·W).
    static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, cols: b.cols)
        guard a.rows > 0, b.cols > 0, a.cols > 0 else { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
                    gemm(transA: false, transB: false, m: a.rows, n: b.cols, k: a.cols,
                         a: A, lda: a.cols, b: B, ldb: b.cols, c: C, ldc: b.cols)
                }
            }
        }
        return c
    }
}
