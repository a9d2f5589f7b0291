package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * What the server asks of its owner for every request: where to log it and which faults to inject. Implemented
 * by {@link ApiServer} on top of {@link Faults} and
 * {@link RequestLog}. Internal; called on HTTP threads, so implementations are thread-safe and
 * quick.
 */
public interface ServerHooks {
  /** A request arrived (before any fault applies). */
  void record(RecordedRequest request);

  /** How long to delay this request before handling it; zero for none. */
  Duration latency(RecordedRequest request);

  /** A failure to answer instead of handling the request, or {@code null}. */
  Failure failure(RecordedRequest request);

  /** The latch a partitioned identity's requests wait on, or {@code null} when it is not partitioned. */
  CountDownLatch partition(String identity);

  /** A watch stream opened; faults may end or stall it later. */
  void watchOpened(OpenWatch watch);

  void watchClosed(OpenWatch watch);

  /** An injected failure: a {@code metav1.Status} body (its {@code code} is the HTTP status) and Retry-After. */
  record Failure(ObjectNode status, String retryAfter) {}

  /** An open watch as fault injection sees it. */
  interface OpenWatch {
    String identity();

    /** Ends the stream cleanly now. */
    void end();

    /** Makes the stream go silent while staying open. */
    void stall();
  }

  /** Hooks that log nothing and inject nothing. */
  ServerHooks NONE = new ServerHooks() {
    @Override
    public void record(RecordedRequest request) {}

    @Override
    public Duration latency(RecordedRequest request) {
      return Duration.ZERO;
    }

    @Override
    public Failure failure(RecordedRequest request) {
      return null;
    }

    @Override
    public CountDownLatch partition(String identity) {
      return null;
    }

    @Override
    public void watchOpened(OpenWatch watch) {}

    @Override
    public void watchClosed(OpenWatch watch) {}
  };
}
