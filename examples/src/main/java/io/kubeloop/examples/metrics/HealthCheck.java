package io.kubeloop.examples.metrics;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One named check behind {@code /healthz} or {@code /readyz}: the counterpart of apiserver's
 * {@code healthz.HealthChecker} (client-go's leader-election {@code HealthzAdaptor} is one).
 *
 * <p>{@link #check()} must be fast and must not block: it runs on every probe.
 */
public interface HealthCheck {
  /** Shown in verbose output, e.g. {@code leaderElection}, {@code informer-sync}. */
  String name();

  /** Empty when healthy; otherwise why not. */
  Optional<String> check();

  static HealthCheck of(String name, Supplier<Optional<String>> check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<String> check() {
        return check.get();
      }
    };
  }
}
