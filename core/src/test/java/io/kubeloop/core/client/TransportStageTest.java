package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubeloop.core.Context;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's interrupt bookkeeping, against an {@link HttpClient} whose {@code send} the test scripts. */
class TransportStageTest {
  @AfterEach
  void noInterruptLeftForTheNextTest() {
    Thread.interrupted();
  }

  @Test
  void anExchangeThatFailsUncheckedWhileBeingAbortedLeavesNoInterruptBehind() {
    // send can end with an unchecked exception (it rethrows an exchange's IllegalArgumentException or
    // SecurityException as such). If the request was aborted meanwhile, the abort's interrupt is ours and must be
    // cleared, or the caller (a pool thread) carries it into whatever it runs next.
    Context context = Context.background().withCancel();
    ScriptedHttpClient http = new ScriptedHttpClient(() -> {
      context.cancel(); // the cancellation arrives while the caller is inside send ...
      throw new IllegalArgumentException("the exchange failed"); // ... and the exchange fails at the same moment
    });
    TransportStage transport = new TransportStage(http, Context.background().withCancel());
    KubeRequest request = KubeRequest.of("GET", URI.create("http://kube.test"), "/api", "").withContext(context);

    assertThrows(IllegalArgumentException.class, () -> transport.proceed(request));
    assertFalse(Thread.interrupted(), "the abort's interrupt outlived the call");
  }

  /** An HttpClient whose {@code send} runs {@code script}; nothing else is used by the transport. */
  static final class ScriptedHttpClient extends HttpClient {
    private final Runnable script;

    ScriptedHttpClient(Runnable script) {
      this.script = script;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
      script.run();
      throw new IOException("the script returned no response");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h,
        HttpResponse.PushPromiseHandler<T> p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
      return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
      throw new UnsupportedOperationException();
    }

    @Override
    public SSLParameters sslParameters() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return Optional.empty();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
      return Optional.empty();
    }
  }
}
