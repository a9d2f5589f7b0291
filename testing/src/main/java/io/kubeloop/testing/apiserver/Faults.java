package io.kubeloop.testing.apiserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * Fault injection for reliability tests: latency, failed requests, dropped or stalled watch streams, forced
 * history compaction and network partitions of one client identity. Plays the role that client-go's
 * {@code FakeControllerSource.ResetWatch} and fake-clientset reactors play, but at the HTTP level, so the code
 * under test sees what it would see from a real server.
 *
 * <pre>{@code
 * server.faults().failNext(2, r -> r.method().equals("PUT"), 409);   // the next two PUTs conflict
 * server.faults().dropWatches();                                      // every open watch ends now
 * server.faults().compact();                                          // resumes now get 410 Expired
 * server.faults().partition("pod-a");                                 // pod-a's requests hang until heal
 * }</pre>
 *
 * <p>Thread-safe. Latency is real time (not the server's clock), so it never needs a fake clock to be stepped.
 */
public final class Faults {
  /** A pending "fail the next N matching requests" rule. */
  private static final class FailRule {
    final Predicate<RecordedRequest> matcher;
    final int status;
    final Duration retryAfter;
    int remaining;

    FailRule(int count, Predicate<RecordedRequest> matcher, int status, Duration retryAfter) {
      this.remaining = count;
      this.matcher = matcher;
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  /** A latency rule; the last added matching rule wins. */
  private record Latency(Predicate<RecordedRequest> matcher, Duration delay) {}

  private final Runnable compactor;
  private final Object lock = new Object();
  /** Guarded by {@code lock}. */
  private final List<FailRule> failRules = new ArrayList<>();
  /** Guarded by {@code lock}. */
  private final List<Latency> latencies = new ArrayList<>();
  /** Partitioned identity to the latch that {@link #heal} opens. */
  private final ConcurrentHashMap<String, CountDownLatch> partitions = new ConcurrentHashMap<>();
  private final Set<ServerHooks.OpenWatch> openWatches = ConcurrentHashMap.newKeySet();

  Faults(Runnable compactor) {
    this.compactor = compactor;
  }

  /** Delays every request by {@code delay} before it is handled. */
  public void latency(Duration delay) {
    latency(r -> true, delay);
  }

  /** Delays matching requests by {@code delay}; a later rule for the same requests wins. Zero removes nothing. */
  public void latency(Predicate<RecordedRequest> matcher, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("expected a non-negative latency but was " + delay);
    }
    synchronized (lock) {
      latencies.add(new Latency(matcher, delay));
    }
  }

  /**
   * Fails the next {@code count} requests that match with {@code status}: 409 Conflict, 429 TooManyRequests
   * (with {@code Retry-After: 1}), 500 InternalError, 503 ServiceUnavailable, 403 Forbidden, or any other code.
   */
  public void failNext(int count, Predicate<RecordedRequest> matcher, int status) {
    failNext(count, matcher, status, status == 429 ? Duration.ofSeconds(1) : null);
  }

  /** As {@link #failNext(int, Predicate, int)} with a {@code Retry-After} header of {@code retryAfter}. */
  public void failNext(int count, Predicate<RecordedRequest> matcher, int status, Duration retryAfter) {
    if (count < 1 || status < 400 || status > 599) {
      throw new IllegalArgumentException("expected count >= 1 and a 4xx/5xx status but was count=" + count
          + " status=" + status);
    }
    synchronized (lock) {
      failRules.add(new FailRule(count, matcher, status, retryAfter));
    }
  }

  /** Ends every open watch stream now, cleanly; clients see the stream close and must re-watch. */
  public void dropWatches() {
    openWatches.forEach(ServerHooks.OpenWatch::end);
  }

  /**
   * Makes every open watch stream go silent: it stays open but delivers nothing more, like a dead TCP connection.
   * Only a client-side idle timeout gets the client out. New watches are not affected.
   */
  public void stallWatches() {
    openWatches.forEach(ServerHooks.OpenWatch::stall);
  }

  /** Forgets all history: every watch or exact list from an earlier resourceVersion now gets 410 Expired. */
  public void compact() {
    compactor.run();
  }

  /**
   * Cuts {@code identity} off: its requests hang (no response) until {@link #heal}, then their connection is
   * closed without an answer; its open watches go silent.
   */
  public void partition(String identity) {
    partitions.putIfAbsent(identity, new CountDownLatch(1));
    openWatches.stream().filter(w -> w.identity().equals(identity)).forEach(ServerHooks.OpenWatch::stall);
  }

  /** Reconnects a partitioned identity; new requests are served again. */
  public void heal(String identity) {
    CountDownLatch latch = partitions.remove(identity);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Removes every latency and pending failure rule and heals every partition. */
  public void reset() {
    synchronized (lock) {
      failRules.clear();
      latencies.clear();
    }
    new ArrayList<>(partitions.keySet()).forEach(this::heal);
  }

  // ---- used by the server

  void watchOpened(ServerHooks.OpenWatch w) {
    openWatches.add(w);
  }

  void watchClosed(ServerHooks.OpenWatch w) {
    openWatches.remove(w);
  }

  /** The latch a partitioned request waits on, or {@code null}. */
  CountDownLatch partitionLatch(String identity) {
    return partitions.get(identity);
  }

  /** The delay to apply to this request, zero if none. */
  Duration latencyFor(RecordedRequest request) {
    synchronized (lock) {
      for (int i = latencies.size() - 1; i >= 0; i--) {
        if (latencies.get(i).matcher().test(request)) {
          return latencies.get(i).delay();
        }
      }
    }
    return Duration.ZERO;
  }

  /** The failure to answer instead of handling this request, or {@code null}. */
  ServerHooks.Failure failureFor(RecordedRequest request) {
    FailRule hit = null;
    synchronized (lock) {
      for (FailRule rule : failRules) {
        if (rule.matcher.test(request)) {
          hit = rule;
          if (--rule.remaining == 0) {
            failRules.remove(rule);
          }
          break;
        }
      }
    }
    if (hit == null) {
      return null;
    }
    String retry = hit.retryAfter == null ? null : Long.toString(Math.max(1, hit.retryAfter.toSeconds()));
    int retrySeconds = retry == null ? 0 : Integer.parseInt(retry);
    String what = request.method() + " " + request.path();
    return switch (hit.status) {
      case 409 -> new ServerHooks.Failure(StatusErrors.conflict("", "injected", "fault",
          "injected conflict for " + what), retry);
      case 429 -> new ServerHooks.Failure(StatusErrors.tooManyRequests(
          "injected: too many requests, please try again later", retrySeconds), retry);
      case 500 -> new ServerHooks.Failure(StatusErrors.internalError("injected failure for " + what), retry);
      case 503 -> new ServerHooks.Failure(StatusErrors.serviceUnavailable(
          "injected: the server is currently unable to handle the request"), retry);
      case 403 -> new ServerHooks.Failure(StatusErrors.forbidden("", "", "", "injected: access denied to " + what),
          retry);
      default -> new ServerHooks.Failure(failure(hit.status, "injected failure " + hit.status + " for " + what),
          retry);
    };
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode failure(int code, String message) {
    com.fasterxml.jackson.databind.node.ObjectNode s = StatusErrors.badRequest(message);
    s.put("code", code);
    s.put("reason", code == 404 ? "NotFound" : code == 504 ? "Timeout" : "InternalError");
    return s;
  }
}
