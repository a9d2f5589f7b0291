package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The decisions of client-go's {@code tools/cache/reflector.go} as pure functions, so each can be tested with a
 * table of named cases and no loop around it: which resourceVersion and page size a list uses, how long a watch
 * asks to last, and what follows a failed or ended watch.
 */
final class ReflectorDecisions {
  /** A watch that ends normally this soon with no events is suspect (client-go's {@code VeryShortWatchError}). */
  static final Duration VERY_SHORT_WATCH = Duration.ofSeconds(1);

  private ReflectorDecisions() {}

  /** What the reflector does after a watch could not start or has ended. */
  enum Next {
    /** Normal end (server timeout, EOF, watchdog): resume at once from the last resourceVersion, no relist. */
    WATCH_AGAIN,
    /** 429 or a refused connection: the server is there but busy; wait, then resume without relisting. */
    WATCH_AGAIN_AFTER_BACKOFF,
    /** 410 Expired / too large resourceVersion mid-stream: history is gone; relist once at {@code ""} now. */
    RELIST_AT_LATEST,
    /** The same, but the watch delivered nothing (it failed at once): back off first so a loop cannot spin. */
    RELIST_AT_LATEST_AFTER_BACKOFF,
    /** Anything else: back off, then relist at the last resourceVersion (never back in time). */
    RELIST_AFTER_BACKOFF
  }

  /**
   * {@code relistResourceVersion}: {@code ""} (a consistent read) when the last version is no longer served;
   * {@code "0"} (any, from the watch cache) for the very first list; otherwise the last version, read as "not
   * older than", so a relist never goes back in time (client-go 7d13a606b).
   */
  static String listResourceVersion(String lastSyncResourceVersion, boolean atLatest) {
    if (atLatest) {
      return "";
    }
    return lastSyncResourceVersion.isEmpty() ? "0" : lastSyncResourceVersion;
  }

  /**
   * The {@code limit} of the first list page, or null for an unpaginated list (client-go §2.3.2): an explicit page
   * size wins; once the server paginated a list at {@code "0"} (its watch cache is off) keep 500; a list at a known
   * version is unpaginated so the watch cache can serve it (client-go 5534e2428); otherwise 500.
   */
  static Long listLimit(int pageSize, boolean paginatedBefore, String resourceVersion) {
    if (pageSize > 0) {
      return (long) pageSize;
    }
    if (paginatedBefore) {
      return (long) ReflectorOptions.DEFAULT_PAGE_SIZE;
    }
    if (!resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
      return null;
    }
    return (long) ReflectorOptions.DEFAULT_PAGE_SIZE;
  }

  /** A random {@code timeoutSeconds} in {@code [min, 2 * min)}, truncated to whole seconds. */
  static long watchTimeoutSeconds(Duration minWatchTimeout, RandomGenerator random) {
    long min = minWatchTimeout.toSeconds();
    return min + (long) (random.nextDouble() * min);
  }

  /** Whether a watch from {@code resourceVersion} starts with synthetic ADDED events in no particular order. */
  static boolean startsWithSyntheticAdds(String resourceVersion) {
    return resourceVersion.isEmpty() || resourceVersion.equals("0");
  }

  /** After {@code ListerWatcher.watch} threw. */
  static Next afterWatchOpenFailure(Throwable error) {
    if (isConnectionRefused(error) || (error instanceof ApiException a && a.isTooManyRequests())) {
      return Next.WATCH_AGAIN_AFTER_BACKOFF;
    }
    if (error instanceof ApiException a && a.isGone()) {
      return Next.RELIST_AT_LATEST_AFTER_BACKOFF;
    }
    return Next.RELIST_AFTER_BACKOFF;
  }

  /**
   * After a watch ended.
   *
   * @param error an {@link ApiException} from an ERROR event, an {@link IOException} from a broken stream,
   *     another exception from the store, or null for a normal end
   */
  static Next afterWatch(Throwable error, int events, Duration elapsed, boolean byWatchdog) {
    boolean veryShort = events == 0 && elapsed.compareTo(VERY_SHORT_WATCH) < 0;
    if (byWatchdog) {
      return Next.WATCH_AGAIN;
    }
    if (error == null || error instanceof IOException) {
      // A clean end, or a connection that broke mid-stream ("probable EOF"): resume. A watch that ended at once
      // with nothing to show is client-go's VeryShortWatchError: something is wrong, so relist after a pause.
      return veryShort ? Next.RELIST_AFTER_BACKOFF : Next.WATCH_AGAIN;
    }
    if (error instanceof ApiException a) {
      if (a.isGone()) {
        return veryShort ? Next.RELIST_AT_LATEST_AFTER_BACKOFF : Next.RELIST_AT_LATEST;
      }
      if (a.isTooManyRequests()) {
        return Next.WATCH_AGAIN_AFTER_BACKOFF;
      }
    }
    return Next.RELIST_AFTER_BACKOFF;
  }

  /** A refused TCP connection, anywhere in the cause chain (client-go {@code utilnet.IsConnectionRefused}). */
  static boolean isConnectionRefused(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
