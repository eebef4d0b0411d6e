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
        product(a, b, transA: false, transB: true, m: a.rows, n: b.rows, k: a.cols)
    }

    /// `Aᵀ·B` for A k×m and B k×n (the weight gradient ∇aᵀ·h).
    static func transposedMultiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        product(a, b, transA: true, transB: false, m: a.cols, n: b.cols, k: a.rows)
    }

    /// `A·B` for A m×k and B k×n (the hidden gradient ∇a·W).
    static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        product(a, b, transA: false, transB: false, m: a.rows, n: b.cols, k: a.cols)
    }

    /// op(A)·op(B) into a new m×n matrix; the leading dimensions are the stored widths.
    private static func product(_ a: Matrix, _ b: Matrix, transA: Bool, transB: Bool, m: Int, n: Int, k: Int) -> Matrix {
        var c = Matrix(rows: m, cols: n)
        guard m > 0, n > 0, k > 0 else { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
                    gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: A, lda: a.cols, b: B, ldb: b.cols, c: C, ldc: n)
                }
            }
        }
        return c
    }
}
