package io.kubeloop.core.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Classifies transport failures the way client-go's retry predicates do ({@code net.IsProbableEOF},
 * {@code net.IsConnectionReset}, {@code net.IsHTTP2ConnectionLost} in {@code k8s.io/apimachinery/pkg/util/net}),
 * translated to what {@code java.net.http} reports: the JDK has no error codes, so the checks read exception types
 * and messages along the cause chain.
 *
 * <p>JDK messages recognised: {@code EOFException} ("EOF reached while reading"), "HTTP/1.1 header parser received
 * no bytes" (the server closed before answering), "Connection reset", "Broken pipe", HTTP/2 GOAWAY and
 * "connection closed". A refused connection ({@code ConnectException}) is deliberately none of these, as in Go.
 */
final class TransportErrors {
  private TransportErrors() {}

  /** The connection ended under the request: EOF, reset, broken pipe, closed before a response, HTTP/2 GOAWAY. */
  static boolean isProbableEof(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
      String m = lower(t);
      if (m.contains("eof reached") || m.contains("unexpected eof") || m.contains("received no bytes") || m.contains("connection reset")
          || m.contains("broken pipe") || m.contains("goaway") || m.contains("connection closed")
          || m.contains("use of closed network connection")) {
        return true;
      }
    }
    return false;
  }

  /** ECONNRESET: the peer reset the connection. */
  static boolean isConnectionReset(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (lower(t).contains("connection reset")) {
        return true;
      }
    }
    return false;
  }

  /** An HTTP/2 connection went away under the request (GOAWAY, or the multiplexed connection closed). */
  static boolean isHttp2ConnectionLost(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String m = lower(t);
      if (m.contains("goaway") || (m.contains("http/2") && m.contains("closed"))) {
        return true;
      }
    }
    return false;
  }

  /** A network timeout, such as the connect timeout ({@code net.Error.Timeout()} in Go). */
  static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String lower(Throwable t) {
    String m = t.getMessage();
    return m == null ? "" : m.toLowerCase(Locale.ROOT);
  }

  /** {@code error} with a note of a different error an earlier attempt hit (client-go's {@code WrapPreviousError}). */
  static IOException withPrevious(IOException error, IOException previous) {
    if (previous == null || previous == error || String.valueOf(previous.getMessage()).equals(error.getMessage())) {
      return error;
    }
    if (error.getClass() == IOException.class) {
      return new IOException(error.getMessage() + " - error from a previous attempt: " + previous.getMessage(), error);
    }
    error.addSuppressed(previous);
    return error;
  }
}
