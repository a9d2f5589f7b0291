package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Retries an attempt exactly where client-go retries it: the Java counterpart of {@code rest/with_retry.go}
 * ({@code IsNextRetry}, {@code checkWait}, {@code retryAfterSeconds}) and the retry loop of {@code Request.request}
 * and {@code Request.Watch}.
 *
 * <ol>
 *   <li>A response is retried only if its code is 429 or at least 500 <em>and</em> it carries {@code Retry-After}
 *       as a whole number of seconds (the HTTP-date form is not honoured; a 503 without the header is returned as
 *       is). The wait is that many seconds ({@code Retry-After: 0} retries at once). This holds for every verb: the
 *       server saying "retry after" is what makes replaying a POST safe, and the body is replayable bytes.
 *   <li>A transport failure is retried, as a synthetic 500 with {@code Retry-After: 1}, only if it is of a kind the
 *       verb may replay: for a watch, a probable EOF or a timeout; for any other GET, a connection reset, a
 *       probable EOF or a lost HTTP/2 connection; for anything else never.
 *   <li>At most {@code maxRetries} retries (client-go's default 10), so at most 11 attempts. A response that could
 *       be retried but has run out of retries is returned; an error is thrown, noting a different error of an
 *       earlier attempt.
 *   <li>The wait runs on the injected {@link Clock} and ends early when the request's context is cancelled or the
 *       client is closed.
 * </ol>
 *
 * <p>Differences from client-go: there is no per-host URL backoff ({@code KUBE_CLIENT_BACKOFF_BASE}, off by
 * default in client-go). Client-side throttling is {@link RateLimitStage}, inside this one, so every attempt waits.
 */
final class RetryStage implements RequestStage {
  private static final System.Logger LOG = System.getLogger(RetryStage.class.getName());

  /** client-go's {@code maxRetries} default per request. */
  static final int DEFAULT_MAX_RETRIES = 10;

  private final Clock clock;
  private final int maxRetries;
  /** The client's lifetime: {@code KubeClient.close()} ends a wait for the next attempt too. */
  private final Context lifetime;

  RetryStage(Clock clock, int maxRetries) {
    this(clock, maxRetries, Context.background());
  }

  RetryStage(Clock clock, int maxRetries, Context lifetime) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("expected maxRetries >= 0 but was " + maxRetries);
    }
    this.clock = clock;
    this.maxRetries = maxRetries;
    this.lifetime = lifetime;
  }

  /** Whether to retry, how long to wait first, and why (client-go's reason text, for the log). */
  record Decision(boolean retry, Duration delay, String reason) {
    static final Decision STOP = new Decision(false, Duration.ZERO, "");
  }

  /**
   * The decision after attempt number {@code retries + 1} got a response.
   *
   * @param retries how many retries were already made
   */
  static Decision afterResponse(int retries, int maxRetries, int code, String retryAfter, String flowSchemaUid) {
    if (retries + 1 > maxRetries || !(code == 429 || code >= 500) || retryAfter == null) {
      return Decision.STOP;
    }
    long seconds;
    try {
      seconds = Long.parseLong(retryAfter.trim());
    } catch (NumberFormatException notSeconds) {
      return Decision.STOP;
    }
    String why = code == 429
        ? "due to server-side throttling, FlowSchema UID: \"" + (flowSchemaUid == null ? "" : flowSchemaUid) + "\""
        : String.valueOf(code);
    return new Decision(true, Duration.ofSeconds(Math.max(0, seconds)),
        "retries: " + (retries + 1) + ", retry-after: " + seconds + "s - retry-reason: " + why);
  }

  /** The decision after attempt number {@code retries + 1} of {@code request} failed with {@code error}. */
  static Decision afterError(int retries, int maxRetries, KubeRequest request, IOException error) {
    if (retries + 1 > maxRetries || !isRetryable(request, error)) {
      return Decision.STOP;
    }
    return new Decision(true, Duration.ofSeconds(1),
        "retries: " + (retries + 1) + ", retry-after: 1s - retry-reason: due to retryable error, error: " + error.getMessage());
  }

  /** Which transport failures a request may replay (client-go: the {@code IsRetryableErrorFunc} per verb). */
  static boolean isRetryable(KubeRequest request, IOException error) {
    if (request.context().isCancelled() || Thread.currentThread().isInterrupted()) {
      return false;
    }
    if (request.watch()) {
      return TransportErrors.isProbableEof(error) || TransportErrors.isTimeout(error);
    }
    return request.method().equals("GET") && (TransportErrors.isConnectionReset(error)
        || TransportErrors.isProbableEof(error) || TransportErrors.isHttp2ConnectionLost(error));
  }

  @Override
  public KubeResponse intercept(KubeRequest request, Chain next) throws IOException {
    IOException previous = null;
    for (int retries = 0; ; retries++) {
      Decision decision;
      try {
        KubeResponse response = next.proceed(request);
        decision = afterResponse(retries, maxRetries, response.code(), response.header("Retry-After"),
            response.header("X-Kubernetes-PF-FlowSchema-UID"));
        if (!decision.retry()) {
          return response;
        }
        response.discard();
      } catch (IOException e) {
        decision = afterError(retries, maxRetries, request, e);
        if (!decision.retry()) {
          throw TransportErrors.withPrevious(e, previous);
        }
        previous = e;
      }
      Decision d = decision;
      LOG.log(Level.DEBUG, () -> "retrying request=" + request.describe() + " " + d.reason());
      await(request, decision.delay());
    }
  }

  private void await(KubeRequest request, Duration wait) throws InterruptedIOException {
    ClientWait.sleep(clock, wait, request, lifetime, "to retry");
  }

  @Override
  public String toString() {
    return "Retry[maxRetries=" + maxRetries + "]";
  }
}
