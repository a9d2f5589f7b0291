package io.kubeloop.examples.bench;

/**
 * How the harness runs: warm-up runs (discarded), measured runs, and a scale factor for sizes (1.0 runs the
 * sizes the issues name; smaller values make a quick smoke run, as the tests do).
 *
 * @param warmups runs made and discarded before measuring; at least 0
 * @param runs measured runs; at least 1
 * @param scale multiplies object counts; in (0, 1]
 */
record BenchOptions(int warmups, int runs, double scale) {
  BenchOptions {
    if (warmups < 0) {
      throw new IllegalArgumentException("expected --warmup >= 0 but was " + warmups);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("expected --runs >= 1 but was " + runs);
    }
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("expected --scale in (0, 1] but was " + scale);
    }
  }

  static BenchOptions defaults() {
    return new BenchOptions(2, 5, 1.0);
  }

  /** {@code n} scaled, at least 1. */
  int scaled(int n) {
    return Math.max(1, (int) Math.round(n * scale));
  }
}
