package io.kubeloop.core.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * What a {@link RequestStage} gets back: status code, headers and a body stream. For ordinary requests the body
 * was read whole within the request timeout (as client-go's {@code Request.Do} reads it with {@code io.ReadAll});
 * for watches it is the live response stream, and closing it aborts the exchange.
 *
 * <p>Whoever ends up not returning a response up the chain must {@link #close()} it.
 */
record KubeResponse(int code, HttpHeaders headers, InputStream body) implements AutoCloseable {
  KubeResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** A header value, or {@code null}. */
  String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  /** Whether the code is a success as client-go's {@code transformResponse} sees it: 200 to 206. */
  boolean isSuccess() {
    return code >= 200 && code <= 206;
  }

  /** The whole body (for ordinary requests it is already in memory). */
  byte[] bytes() throws IOException {
    try (InputStream in = body) {
      return in.readAllBytes();
    }
  }

  /**
   * Reads and drops at most 2 KiB, then closes: what client-go does with the body of an attempt it will retry, so a
   * short body leaves the connection reusable and a long one is not read for nothing.
   */
  void discard() {
    try (InputStream in = body) {
      in.readNBytes(2048);
    } catch (IOException ignored) {
      // the attempt is being thrown away; a broken body changes nothing
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // closing a response we are done with cannot fail in a way that matters to the caller
    }
  }
}
