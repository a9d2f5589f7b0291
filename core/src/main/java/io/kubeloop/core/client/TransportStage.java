package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The end of the chain: one HTTP exchange on the shared {@link HttpClient}. Counterpart of the innermost
 * {@code http.Transport.RoundTrip} plus what Go's {@code http.Client} does with a request context and
 * {@code Client.Timeout}.
 *
 * <ul>
 *   <li>The exchange runs with {@code sendAsync}; cancelling the request's {@link Context} cancels the future,
 *       which aborts the exchange (JDK 16+), and the waiting caller gets an {@link InterruptedIOException} naming
 *       the context's cause. An interrupt of the calling thread does the same and keeps the interrupt flag set.
 *   <li>An ordinary request reads its body whole, and its timeout covers the whole exchange, body included (the
 *       JDK's own {@link HttpRequest.Builder#timeout} stops at the response headers).
 *   <li>A watch gets the live body as an {@link InputStream} once the headers are in, and has no timeout;
 *       closing that stream aborts the exchange.
 * </ul>
 */
final class TransportStage implements RequestStage.Chain {
  private static final System.Logger LOG = System.getLogger(TransportStage.class.getName());

  private final HttpClient http;

  TransportStage(HttpClient http) {
    this.http = http;
  }

  @Override
  public KubeResponse proceed(KubeRequest request) throws IOException {
    Context context = request.context();
    if (context.isCancelled()) {
      throw cancelled(request);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
        .method(request.method(), request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    if (request.timeout() != null) {
      builder.timeout(request.timeout());
    }
    HttpRequest httpRequest = builder.build();
    long start = System.nanoTime();
    CompletableFuture<? extends HttpResponse<?>> future = request.watch()
        ? http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofInputStream())
        : http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
    Context.Registration registration = context.onCancel(() -> future.cancel(true));
    HttpResponse<?> response;
    try {
      response = request.timeout() == null
          ? future.get()
          : future.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (CancellationException e) {
      throw cancelled(request);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.describe() + ": interrupted");
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException(request.describe() + ": no complete response within " + request.timeout()
          + " (the request timeout; raise it with ResourceClient.withRequestTimeout or ClientConfig.requestTimeout)");
    } catch (ExecutionException e) {
      if (context.isCancelled() || e.getCause() instanceof CancellationException) {
        throw cancelled(request); // the JDK completes a cancelled exchange with its own CancellationException
      }
      throw failed(request, e.getCause());
    } finally {
      registration.remove();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    LOG.log(Level.TRACE, () -> request.describe() + " status=" + response.statusCode() + " version="
        + response.version() + " millis=" + millis);
    InputStream body = response.body() instanceof InputStream in ? in : new ByteArrayInputStream((byte[]) response.body());
    return new KubeResponse(response.statusCode(), response.headers(), body);
  }

  private static InterruptedIOException cancelled(KubeRequest request) {
    return new InterruptedIOException(request.describe() + ": cancelled: " + request.context().cause());
  }

  private static IOException failed(KubeRequest request, Throwable cause) {
    if (cause instanceof HttpTimeoutException t) {
      return t;
    }
    if (cause instanceof InterruptedIOException i) {
      return i;
    }
    // Name the request: the JDK's messages ("Connection reset", a bare ConnectException) do not. The original stays
    // the cause, which is where TransportErrors looks.
    return new IOException(request.describe() + " to " + request.server() + " failed: " + cause, cause);
  }
}
