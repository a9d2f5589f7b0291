package io.kubeloop.core.client;

import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.config.CredentialProvider;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer and a client pointed at it, for the tests of this package. */
abstract class ServerSupport {
  static final String TOKEN = "s3cr3t-token-value";

  final MockWebServer server = new MockWebServer();
  final TestClock clock = new TestClock();
  KubeClient client;

  @BeforeEach
  void startServer() throws IOException {
    server.start();
    client = KubeClient.create(config().build(), clock);
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.close();
  }

  ClientConfig.Builder config() {
    return ClientConfig.builder(URI.create(server.url("/").toString()))
        .credentials(staticToken(TOKEN))
        .userAgent("kubeloop-test/1.0");
  }

  static CredentialProvider staticToken(String token) {
    return new CredentialProvider() {
      @Override
      public Optional<String> authorization() {
        return Optional.of("Bearer " + token);
      }

      @Override
      public String toString() {
        return "static token";
      }
    };
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the server received no request within 10 s");
    }
    return r;
  }

  /**
   * A response body (with its own chunked framing) the test writes piece by piece: each {@link #send} is flushed to the client as it is,
   * and the body ends only at {@link #end} (never, if the test does not call it).
   */
  static final class PiecewiseBody implements MockResponseBody {
    private static final String END = new String("<end>");
    private final BlockingQueue<String> pieces = new LinkedBlockingQueue<>();

    void send(String piece) {
      pieces.add(piece);
    }

    void end() {
      pieces.add(END);
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      write(sink, true);
    }

    /** Writes the pieces without chunk headers, for HTTP/2, which frames the body itself. */
    void writeRaw(BufferedSink sink) throws IOException {
      write(sink, false);
    }

    private void write(BufferedSink sink, boolean chunked) throws IOException {
      try {
        while (true) {
          String piece = pieces.poll(30, TimeUnit.SECONDS);
          if (piece == null || piece == END) {
            if (chunked) {
              sink.writeUtf8("0\r\n\r\n");
            }
            sink.flush();
            return;
          }
          byte[] bytes = piece.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          if (chunked) {
            sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
          } else {
            sink.write(bytes);
          }
          sink.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static MockResponse stream(PiecewiseBody body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(body).removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked").build();
  }
}
