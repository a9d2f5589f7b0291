package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The end of the chain: one HTTP exchange on the shared {@link HttpClient}. Counterpart of the innermost
 * {@code http.Transport.RoundTrip} plus what Go's {@code http.Client} does with a request context and
 * {@code Client.Timeout}.
 *
 * <ul>
 *   <li>The exchange runs with the blocking {@code HttpClient.send} on the caller's thread. Cancelling the
 *       request's {@link Context}, closing the {@code KubeClient} or the request timeout interrupts that thread
 *       while it is inside {@code send}; {@code send} then cancels the exchange (JDK 16+) and the caller gets an
 *       {@link InterruptedIOException} naming the cause, or an {@link HttpTimeoutException}. No interrupt of ours
 *       outlives the call (see {@link Abort}). An interrupt from anyone else does the same and keeps the
 *       interrupt flag set.
 *   <li>An ordinary request reads its body whole, and its timeout covers the whole exchange, body included (the
 *       JDK's own {@link HttpRequest.Builder#timeout} stops at the response headers). The timeout is real time,
 *       whatever {@code Clock} the client was given, as Go's {@code Client.Timeout}.
 *   <li>A watch gets the live body as an {@link InputStream} once the headers are in, and has no timeout;
 *       closing that stream aborts the exchange.
 * </ul>
 *
 * <p>Why not {@code sendAsync} and a future to wait on: the JDK's public {@code sendAsync} completes the future it
 * returns on the default {@code CompletableFuture} executor ({@code whenCompleteAsync} in {@code HttpClientImpl}),
 * one more thread hand-off per request; on a machine with fewer than three cores that executor starts a new thread
 * for every task. {@code send} waits on the exchange itself. Against the embedded API server on loopback the
 * hand-off cost about 0.2 to 0.3 ms per request from one thread, and more than half the throughput from four.
 *
 * <p>A known JDK bug shows more often once requests follow each other this closely (JDK-8338569, fixed in JDK 24,
 * present in the 17.0.15 measured here): an HTTP/1.1 connection taken from the pool again at once can be closed by
 * the pool's idle-connection watcher when the new response arrives, and the request fails with "HTTP/1.1 header
 * parser received no bytes" caused by "connection closed locally". A GET is retried (a probable EOF); another verb
 * is not, as in client-go, since the server has seen it. HTTP/2 connections (any API server over TLS) do not use
 * that pool.
 */
final class TransportStage implements RequestStage.Chain {
  private static final System.Logger LOG = System.getLogger(TransportStage.class.getName());

  private final HttpClient http;
  /** The client's lifetime: cancelled by {@code KubeClient.close()}, which aborts every exchange in flight. */
  private final Context lifetime;

  TransportStage(HttpClient http, Context lifetime) {
    this.http = http;
    this.lifetime = lifetime;
  }

  @Override
  public KubeResponse proceed(KubeRequest request) throws IOException {
    Context context = request.context();
    if (context.isCancelled() || lifetime.isCancelled()) {
      throw cancelled(request);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .method(request.method(), request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    HttpRequest httpRequest = builder.build();
    HttpResponse.BodyHandler<?> bodyHandler = request.watch()
        ? HttpResponse.BodyHandlers.ofInputStream()
        : HttpResponse.BodyHandlers.ofByteArray();

    long start = System.nanoTime();
    Abort abort = new Abort();
    Context.Registration cancelling = context.onCancel(() -> abort.abort(Abort.Reason.CANCELLED));
    Context.Registration closing = lifetime.onCancel(() -> abort.abort(Abort.Reason.CANCELLED));
    Clock.Cancellable timer = request.timeout() == null
        ? null
        : Clock.system().schedule(request.timeout(), () -> abort.abort(Abort.Reason.TIMEOUT));
    HttpResponse<?> response = null;
    IOException failure = null;
    boolean interrupted = false;
    Abort.Reason aborted;
    try {
      response = http.send(httpRequest, bodyHandler);
    } catch (InterruptedException e) {
      interrupted = true; // send has cancelled the exchange
    } catch (IOException e) {
      failure = e;
    } finally {
      cancelling.remove();
      closing.remove();
      if (timer != null) {
        timer.cancel();
      }
      // Also when send threw something unchecked: the window must close, and an interrupt of ours must not outlive
      // the call, whatever way it ends.
      aborted = abort.finish();
      if (aborted != null) {
        // The interrupt was ours. If send returned before noticing it, it is still pending: clear it. (An interrupt
        // from someone else at the very same moment is absorbed too: the request ended for a reason of our own.)
        Thread.interrupted();
      }
    }
    if (aborted != null) {
      if (response == null) {
        throw aborted == Abort.Reason.TIMEOUT ? timedOut(request) : cancelled(request);
      }
      // The response was complete before the abort could stop it: it stands.
    } else if (interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.describe() + ": interrupted");
    } else if (failure != null) {
      throw failed(request, failure);
    }

    HttpResponse<?> r = response;
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    LOG.log(Level.TRACE, () -> request.describe() + " status=" + r.statusCode() + " version=" + r.version()
        + " millis=" + millis);
    InputStream body = r.body() instanceof InputStream in ? in : new ByteArrayInputStream((byte[]) r.body());
    return new KubeResponse(r.statusCode(), r.headers(), body);
  }

  /**
   * The one exchange the calling thread is blocked in, and the way to stop it from another thread: interrupt the
   * caller while it is inside {@code HttpClient.send}. The lock confines the interrupt to that window: after
   * {@link #finish()} no abort interrupts the thread any more, and {@code finish()} says whether one did, so the
   * caller can clear it.
   */
  private static final class Abort {
    enum Reason { CANCELLED, TIMEOUT }

    private final Thread caller = Thread.currentThread();
    /** Guarded by {@code this}. */
    private boolean finished;
    /** Why the exchange was aborted, or null. Guarded by {@code this}. */
    private Reason reason;

    /** Called from a context's cancellation or the timer; short and non-blocking, as those callbacks must be. */
    synchronized void abort(Reason why) {
      if (!finished && reason == null) {
        reason = why;
        caller.interrupt();
      }
    }

    /** Closes the window for aborts; returns why the exchange was aborted, or null if it was not. */
    synchronized Reason finish() {
      finished = true;
      return reason;
    }
  }

  private InterruptedIOException cancelled(KubeRequest request) {
    String why = request.context().isCancelled() || !lifetime.isCancelled()
        ? request.context().cause()
        : "the KubeClient was closed";
    return new InterruptedIOException(request.describe() + ": cancelled: " + why);
  }

  private static HttpTimeoutException timedOut(KubeRequest request) {
    return new HttpTimeoutException(request.describe() + ": no complete response within " + request.timeout()
        + " (the request timeout; raise it with ResourceClient.withRequestTimeout or ClientConfig.requestTimeout)");
  }

  private static IOException failed(KubeRequest request, IOException thrown) {
    // send rethrows the exchange's failure as a fresh exception of a like type, with the original as its cause
    // (so the stack trace shows the caller); the original is the one that says what happened.
    IOException cause = thrown.getCause() instanceof IOException original ? original : thrown;
    if (cause instanceof HttpTimeoutException || cause instanceof InterruptedIOException) {
      return cause;
    }
    // Name the request: the JDK's messages ("Connection reset", a bare ConnectException) do not. The original stays
    // the cause, which is where TransportErrors looks.
    return new IOException(request.describe() + " to " + request.server() + " failed: " + cause, cause);
  }
}
