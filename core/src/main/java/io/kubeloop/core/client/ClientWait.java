package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A request's wait between stages of the chain (for the next retry, for a rate-limiter token) on the client's
 * {@link Clock}, ended early by the request's context or by {@code KubeClient.close()}: Go's
 * {@code select { case <-time.After(d): case <-ctx.Done(): }} with the client's lifetime in the select too.
 */
final class ClientWait {
  private ClientWait() {}

  /**
   * Waits {@code wait} for {@code request}.
   *
   * @param what what the request was waiting for, e.g. {@code "to retry"}, for the error
   * @throws InterruptedIOException naming the request, what it waited for and why the wait ended; an interrupt of
   *     the calling thread also ends it, and the interrupt flag is kept
   */
  static void sleep(Clock clock, Duration wait, KubeRequest request, Context lifetime, String what)
      throws InterruptedIOException {
    Context waiting = request.context().withCancel();
    Context.Registration closing = lifetime.onCancel(waiting::cancel);
    try {
      if (!clock.sleep(wait, waiting)) {
        String why = request.context().isCancelled() ? request.context().cause() : "the client was closed";
        throw new InterruptedIOException(request.describe() + ": cancelled while waiting " + what + ": " + why);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.describe() + ": interrupted while waiting " + what);
    } finally {
      closing.remove();
      waiting.cancel();
    }
  }
}
