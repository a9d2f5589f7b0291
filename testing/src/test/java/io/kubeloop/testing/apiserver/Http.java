package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A tiny JDK HttpClient wrapper for the conformance tests: JSON in, status + JSON out. */
final class Http {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
      + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  record Response(int code, HttpResponse<String> raw, JsonNode json) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }

    Response expect(int expected) {
      assertEquals(expected, code, () -> "unexpected status; body: " + raw.body());
      return this;
    }
  }

  private final HttpClient client;
  private final String base;
  private final String token;

  Http(ApiServer server) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), server.url(), null);
  }

  Http(HttpClient client, String base, String token) {
    this.client = client;
    this.base = base;
    this.token = token;
  }

  Response get(String path) {
    return send("GET", path, null, null, "application/json");
  }

  Response get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  Response post(String path, String json) {
    return send("POST", path, json, "application/json", "application/json");
  }

  Response put(String path, String json) {
    return send("PUT", path, json, "application/json", "application/json");
  }

  Response patch(String path, String contentType, String json) {
    return send("PATCH", path, json, contentType, "application/json");
  }

  Response delete(String path, String json) {
    return send("DELETE", path, json, "application/json", "application/json");
  }

  Response send(String method, String path, String body, String contentType, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
          && !r.body().isEmpty()) {
        json = MAPPER.readTree(r.body());
      }
      return new Response(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** An open watch: lines are parsed on a reader thread into a queue; {@code null} in the queue means ended. */
  final class Watch implements AutoCloseable {
    final HttpResponse<InputStream> response;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    Watch(String path, String accept) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
      b.header("Accept", accept);
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      try {
        response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            events.add(MAPPER.readTree(line));
          }
        } catch (IOException ignored) {
          // closed
        }
        events.add(END);
      }, "test-watch-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next event, failing after 10 s. */
    JsonNode next() {
      Object e = poll(Duration.ofSeconds(10));
      if (e == null) {
        throw new AssertionError("no watch event within 10s");
      }
      if (e == END) {
        throw new AssertionError("watch ended while an event was expected");
      }
      return (JsonNode) e;
    }

    /** The next event within {@code d}, {@code END}, or {@code null} if nothing came. */
    Object poll(Duration d) {
      try {
        return events.poll(d.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Waits (up to 10 s) for the stream to end, failing if an event arrives first. */
    void awaitEnd() {
      Object e = poll(Duration.ofSeconds(10));
      if (e != END) {
        throw new AssertionError("expected the watch to end but got " + e);
      }
    }

    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  static final Object END = new Object();

  Watch watch(String path) {
    return new Watch(path, "application/json");
  }

  Watch watch(String path, String accept) {
    return new Watch(path, accept);
  }
}
