package io.kubeloop.examples.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.testing.apiserver.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default: an in-memory API server from {@code testing}, a kubeconfig written for it, and the
 * VirtualMachine CRD ({@code examples/deploy/01-crd.yaml}) installed, so the examples run on a machine with
 * nothing else. What envtest does for Go controllers, without a process to download.
 *
 * <p>Closing stops the server. The kubeconfig file is left behind (kubectl may still be pointed at it) and names
 * a server that is gone.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedCluster.class.getName());
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiServer server;
  private final Path kubeconfig;

  private EmbeddedCluster(ApiServer server, Path kubeconfig) {
    this.server = server;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts the server and writes its kubeconfig.
   *
   * @param port 0 for a free port
   * @param tls serve HTTPS with a generated CA and an admin client certificate (as a real cluster does)
   * @param kubeconfig where to write the kubeconfig
   * @param installCrd whether to install the VirtualMachine CRD
   */
  public static EmbeddedCluster start(int port, boolean tls, Path kubeconfig, boolean installCrd) throws IOException {
    ApiServer server = ApiServer.builder().port(port).tls(tls).start();
    try {
      server.writeKubeconfig(kubeconfig);
      EmbeddedCluster cluster = new EmbeddedCluster(server, kubeconfig.toAbsolutePath());
      if (installCrd) {
        cluster.apply(resource("01-crd.yaml"));
        cluster.awaitServed("/apis/cloudnative.czs/v1alpha1", Duration.ofSeconds(10));
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    } catch (InterruptedException e) {
      server.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while installing the CRD", e);
    }
  }

  /** The server. */
  public ApiServer server() {
    return server;
  }

  /** The absolute path of the kubeconfig written for the server. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The client configuration of the kubeconfig, for kubeloop clients. */
  public ClientConfig clientConfig() {
    return ClientConfig.fromKubeconfig(kubeconfig);
  }

  /** The manifests of a file in {@code examples/deploy} shipped in the jar (e.g. {@code samples/vms.yaml}). */
  public static List<ObjectNode> resource(String name) throws IOException {
    try (InputStream in = EmbeddedCluster.class.getResourceAsStream("/io/kubeloop/examples/deploy/" + name)) {
      if (in == null) {
        throw new IOException("examples/deploy/" + name + " is missing from the jar; rebuild with mvn package");
      }
      List<ObjectNode> docs = new ArrayList<>();
      for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(in).readAll()) {
        if (doc instanceof ObjectNode o) {
          docs.add(o);
        }
      }
      return docs;
    }
  }

  /** Creates each object with a POST as the administrator; an object that exists already is left alone. */
  public void apply(List<ObjectNode> objects) throws IOException, InterruptedException {
    for (ObjectNode o : objects) {
      String path = collectionPath(o);
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(o))));
      if (r.statusCode() == 409) {
        LOG.log(Level.DEBUG, () -> "already exists: " + path + " " + o.path("metadata").path("name").asText());
      } else if (r.statusCode() / 100 != 2) {
        throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    }
  }

  /** {@code /api/v1/namespaces/ns/kind-plural} for the object (built-ins and the VM kind only). */
  private static String collectionPath(ObjectNode o) {
    String apiVersion = o.path("apiVersion").asText();
    String kind = o.path("kind").asText();
    String namespace = o.path("metadata").path("namespace").asText("default");
    String plural = switch (kind) {
      case "CustomResourceDefinition" -> "customresourcedefinitions";
      case "VirtualMachine" -> "virtualmachines";
      case "Namespace" -> "namespaces";
      default -> kind.toLowerCase() + "s";
    };
    boolean namespaced = !kind.equals("CustomResourceDefinition") && !kind.equals("Namespace");
    String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return base + (namespaced ? "/namespaces/" + namespace : "") + "/" + plural;
  }

  private void awaitServed(String path, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET());
      if (r.statusCode() == 200) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(path + " is still not served after " + timeout + ": " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(50);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (server.isTls()) {
      b.sslContext(server.clientSslContext(server.adminCredentials()));
    }
    HttpClient http = b.build();
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "EmbeddedCluster[" + server.url() + ", kubeconfig=" + kubeconfig + "]";
  }
}
