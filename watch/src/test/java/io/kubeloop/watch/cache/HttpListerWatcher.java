package io.kubeloop.watch.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A bare {@link ListerWatcher} over HTTP for the tests that run against the embedded API server
 * ({@code io.kubeloop.testing.apiserver.ApiServer}): GET list and GET watch with the reflector's query parameters,
 * the watch body decoded as a stream of JSON values. A stand-in until core's HTTP {@code ResourceClient} lands;
 * then these tests switch to {@code ListerWatcher.forResource(client.resource(type))}.
 *
 * <p>Each watch stream is read by its own daemon pump thread into a queue, so {@link WatchStream#close()} ends a
 * {@code next()} at once whatever the socket does.
 */
final class HttpListerWatcher implements ListerWatcher<DynamicObject> {
  private static final Object END = new Object();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final ResourceType<DynamicObject> type;
  private final String namespace;
  private final String userAgent;

  HttpListerWatcher(String baseUrl, ResourceType<DynamicObject> type, String namespace) {
    this(baseUrl, type, namespace, "informer");
  }

  /** {@code userAgent} is the identity the embedded server gives plain-HTTP requests (faults can target it). */
  HttpListerWatcher(String baseUrl, ResourceType<DynamicObject> type, String namespace, String userAgent) {
    this.base = baseUrl;
    this.type = type;
    this.namespace = namespace;
    this.userAgent = userAgent;
  }

  @Override
  public ObjectList<DynamicObject> list(ListOptions o) throws IOException, ApiException {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("labelSelector", o.labelSelector());
    q.put("fieldSelector", o.fieldSelector());
    q.put("limit", o.limit());
    q.put("continue", o.continueToken());
    q.put("resourceVersion", o.resourceVersion());
    q.put("resourceVersionMatch", o.resourceVersionMatch());
    HttpResponse<InputStream> r = send(q);
    try (InputStream body = r.body()) {
      return Json.reader(Json.type(ObjectList.class, DynamicObject.class)).readValue(body);
    }
  }

  @Override
  public WatchStream<DynamicObject> watch(WatchOptions o) throws IOException, ApiException {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("watch", "true");
    q.put("labelSelector", o.labelSelector());
    q.put("fieldSelector", o.fieldSelector());
    q.put("resourceVersion", o.resourceVersion());
    q.put("resourceVersionMatch", o.resourceVersionMatch());
    q.put("allowWatchBookmarks", o.allowWatchBookmarks() ? "true" : null);
    q.put("timeoutSeconds", o.timeoutSeconds());
    q.put("sendInitialEvents", o.sendInitialEvents());
    HttpResponse<InputStream> r = send(q);
    return new Stream(r.body());
  }

  private HttpResponse<InputStream> send(Map<String, Object> query) throws IOException, ApiException {
    StringJoiner qs = new StringJoiner("&");
    query.forEach((k, v) -> {
      if (v != null) {
        qs.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
      }
    });
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + type.collectionPath(namespace) + "?" + qs))
        .header("Accept", "application/json").header("User-Agent", userAgent).GET().build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (r.statusCode() != 200) {
      try (InputStream body = r.body()) {
        byte[] bytes = body.readAllBytes();
        Status status;
        try {
          status = Json.read(bytes, Status.class);
        } catch (IOException notStatus) {
          status = Status.failure(r.statusCode(), "", new String(bytes, StandardCharsets.UTF_8));
        }
        throw new ApiException("GET " + request.uri().getPath(), status);
      }
    }
    return r;
  }

  @Override
  public String description() {
    return type.toString();
  }

  /** Watch events pumped from the response body by a daemon thread. */
  private static final class Stream implements WatchStream<DynamicObject> {
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private volatile boolean closed;

    Stream(InputStream body) {
      this.body = body;
      Thread pump = new Thread(this::pump, "test-watch-pump");
      pump.setDaemon(true);
      pump.start();
    }

    private void pump() {
      try (MappingIterator<JsonNode> values = Json.reader(JsonNode.class).readValues(body)) {
        while (!closed && values.hasNextValue()) {
          JsonNode e = values.nextValue();
          EventType t = EventType.valueOf(e.path("type").asText());
          events.add(t == EventType.ERROR
              ? WatchEvent.<DynamicObject>error(Json.convert(e.get("object"), Status.class))
              : WatchEvent.of(t, DynamicObject.of(e.get("object"))));
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          events.add(e instanceof IOException io ? io : new IOException(e));
        }
      } finally {
        events.add(END);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public WatchEvent<DynamicObject> next() throws IOException {
      if (closed) {
        return null;
      }
      Object o;
      try {
        o = events.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      if (o == END || closed) {
        events.add(END);
        return null;
      }
      if (o instanceof IOException e) {
        throw e;
      }
      return (WatchEvent<DynamicObject>) o;
    }

    @Override
    public void close() {
      closed = true;
      events.add(END);
      try {
        body.close();
      } catch (IOException ignored) {
        // closing is best effort; the pump ends when the server ends the stream
      }
    }
  }
}
