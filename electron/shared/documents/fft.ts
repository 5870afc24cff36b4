/**
 * In-place radix-2 FFT and a 2-D power spectrum: the one transform the screen-recapture check
 * needs. Forty lines here beat a dependency for a power-of-two square of a few hundred pixels.
 */

/** Cooley–Tukey, iterative; `re`/`im` length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      ;[re[i], re[j]] = [re[j]!, re[i]!]
      ;[im[i], im[j]] = [im[j]!, im[i]!]
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len
    const wr = Math.cos(ang)
    const wi = Math.sin(ang)
    for (let i = 0; i < n; i += len) {
      let cr = 1
      let ci = 0
      for (let k = 0; k < len / 2; k++) {
        const a = i + k
        const b = a + len / 2
        const tr = re[b]! * cr - im[b]! * ci
        const ti = re[b]! * ci + im[b]! * cr
        re[b] = re[a]! - tr
        im[b] = im[a]! - ti
        re[a] = re[a]! + tr
        im[a] = im[a]! + ti
        const ncr = cr * wr - ci * wi
        ci = cr * wi + ci * wr
        cr = ncr
      }
    }
  }
}

/**
 * Power spectrum of an n×n block (n a power of two), mean removed and Hann-windowed so the block's
 * edges do not smear energy across every frequency. Index [v*n + u], DC at 0.
 */
export function powerSpectrum(block: Float64Array, n: number): Float64Array {
  let mean = 0
  for (const v of block) mean += v
  mean /= block.length
  const hann = new Float64Array(n)
  for (let i = 0; i < n; i++) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))
  const re = new Float64Array(n * n)
  const im = new Float64Array(n * n)
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) re[y * n + x] = (block[y * n + x]! - mean) * hann[x]! * hann[y]!
  }
  const rr = new Float64Array(n)
  const ri = new Float64Array(n)
  for (let y = 0; y < n; y++) {
    rr.set(re.subarray(y * n, y * n + n))
    ri.set(im.subarray(y * n, y * n + n))
    fft(rr, ri)
    re.set(rr, y * n)
    im.set(ri, y * n)
  }
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      rr[y] = re[y * n + x]!
      ri[y] = im[y * n + x]!
    }
    fft(rr, ri)
    for (let y = 0; y < n; y++) {
      re[y * n + x] = rr[y]!
      im[y * n + x] = ri[y]!
    }
  }
  const power = new Float64Array(n * n)
  for (let i = 0; i < power.length; i++) power[i] = re[i]! * re[i]! + im[i]! * im[i]!
  return power
}
