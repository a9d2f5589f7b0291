package io.kubeloop.watch.cache;

import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.testing.apiserver.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Writes ConfigMaps in namespace {@code default} of an {@link ApiServer} over plain HTTP: the tests' "other client". */
final class ConfigMaps {
  static final ResourceType<DynamicObject> TYPE = ResourceType.dynamic("", "v1", "configmaps", "ConfigMap", true);
  static final String NAMESPACE = "default";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ConfigMaps(ApiServer server) {
    this.base = server.url() + TYPE.collectionPath(NAMESPACE);
  }

  void create(String name, String value) {
    send("POST", "", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"v\":\"" + value + "\"}}", "application/json", 201);
  }

  void update(String name, String value) {
    send("PATCH", "/" + name, "{\"data\":{\"v\":\"" + value + "\"}}", "application/merge-patch+json", 200);
  }

  /** What the server holds now, read by this other client (so faults aimed at the informer never hit it). */
  java.util.List<DynamicObject> list() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base)).header("Accept", "application/json")
        .header("User-Agent", "writer").timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError("GET: expected 200 but was " + r.statusCode() + " " + r.body());
      }
      io.kubeloop.core.api.ObjectList<DynamicObject> list =
          io.kubeloop.core.api.Json.reader(io.kubeloop.core.api.Json.type(io.kubeloop.core.api.ObjectList.class, DynamicObject.class)).readValue(r.body());
      return list.items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A core client whose requests the server sees as identity {@code informer} (its User-Agent over HTTP). */
  static KubeClient informerClient(ApiServer server) {
    return KubeClient.create(server.clientConfig().newBuilder().userAgent("informer").build());
  }

  /** The ListerWatcher an informer of these tests uses: the real core HTTP client, namespace {@code default}. */
  static ListerWatcher<DynamicObject> listerWatcher(KubeClient client) {
    return ListerWatcher.forResource(client.resource(TYPE).inNamespace(NAMESPACE));
  }

  void delete(String name) {
    send("DELETE", "/" + name, "{}", "application/json", 200);
  }

  private void send(String method, String path, String body, String contentType, int expected) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", contentType).header("Accept", "application/json")
        .header("User-Agent", "writer")
        .timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new AssertionError(method + " " + path + ": expected " + expected + " but was " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
