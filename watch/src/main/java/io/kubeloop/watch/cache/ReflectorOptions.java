package io.kubeloop.watch.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link Reflector} (client-go {@code ReflectorOptions} plus the reflector's constants). Start from
 * {@link #defaults()}: {@code ReflectorOptions.defaults().withPageSize(100)}.
 *
 * @param pageSize list page size; 0 (the default) lets the reflector decide as client-go does: 500 for lists at
 *     resourceVersion {@code "0"} or {@code ""}, unpaginated for a relist at a known version (unless the server
 *     paginated the first list)
 * @param minWatchTimeout each watch asks the server to end it after a random time in {@code [min, 2 min)};
 *     values below 5 minutes (the default) are raised to 5 minutes, as in client-go
 * @param watchdogMargin a stream silent (no event, no bookmark) for its timeout plus this is ended by the
 *     client and resumed; default 30 s
 * @param resyncPeriod how often to call {@link ReflectorStore#resync()}; zero (the default) for never
 * @param useWatchList try a streaming list ({@code sendInitialEvents=true}) before a classic list; default false
 * @param backoff the delays between failed attempts
 */
public record ReflectorOptions(
    int pageSize,
    Duration minWatchTimeout,
    Duration watchdogMargin,
    Duration resyncPeriod,
    boolean useWatchList,
    Backoff.Policy backoff) {

  /** client-go's default minimum watch timeout (5 minutes). */
  public static final Duration DEFAULT_MIN_WATCH_TIMEOUT = Duration.ofMinutes(5);

  /** The page size of an initial list (client-go's pager default). */
  public static final int DEFAULT_PAGE_SIZE = 500;

  public ReflectorOptions {
    if (pageSize < 0) {
      throw new IllegalArgumentException("expected pageSize >= 0 but was " + pageSize);
    }
    minWatchTimeout = minWatchTimeout.compareTo(DEFAULT_MIN_WATCH_TIMEOUT) > 0 ? minWatchTimeout : DEFAULT_MIN_WATCH_TIMEOUT;
    if (watchdogMargin.isNegative()) {
      throw new IllegalArgumentException("expected a non-negative watchdogMargin but was " + watchdogMargin);
    }
    if (resyncPeriod.isNegative()) {
      throw new IllegalArgumentException("expected a non-negative resyncPeriod but was " + resyncPeriod);
    }
    Objects.requireNonNull(backoff, "backoff");
  }

  public static ReflectorOptions defaults() {
    return new ReflectorOptions(0, DEFAULT_MIN_WATCH_TIMEOUT, Duration.ofSeconds(30), Duration.ZERO, false,
        Backoff.Policy.reflectorDefaults());
  }

  public ReflectorOptions withPageSize(int value) {
    return new ReflectorOptions(value, minWatchTimeout, watchdogMargin, resyncPeriod, useWatchList, backoff);
  }

  public ReflectorOptions withMinWatchTimeout(Duration value) {
    return new ReflectorOptions(pageSize, value, watchdogMargin, resyncPeriod, useWatchList, backoff);
  }

  public ReflectorOptions withWatchdogMargin(Duration value) {
    return new ReflectorOptions(pageSize, minWatchTimeout, value, resyncPeriod, useWatchList, backoff);
  }

  public ReflectorOptions withResyncPeriod(Duration value) {
    return new ReflectorOptions(pageSize, minWatchTimeout, watchdogMargin, value, useWatchList, backoff);
  }

  public ReflectorOptions withUseWatchList(boolean value) {
    return new ReflectorOptions(pageSize, minWatchTimeout, watchdogMargin, resyncPeriod, value, backoff);
  }

  public ReflectorOptions withBackoff(Backoff.Policy value) {
    return new ReflectorOptions(pageSize, minWatchTimeout, watchdogMargin, resyncPeriod, useWatchList, value);
  }
}
