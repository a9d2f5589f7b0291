package io.kubeloop.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.config.KubeConfig.EnvVar;
import io.kubeloop.core.config.KubeConfig.Exec;
import io.kubeloop.core.tls.KeyMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an exec credential plugin once and decodes what it prints: Java counterpart of client-go
 * {@code plugin/pkg/client/auth/exec/exec.go} ({@code Authenticator.refreshCredsLocked}).
 *
 * <p>The plugin runs as {@code command args...} with the parent environment, then the configured {@code env},
 * then {@code KUBERNETES_EXEC_INFO} set to an {@code ExecCredential} with {@code spec.interactive} (and
 * {@code spec.cluster} when {@code provideClusterInfo} is true). Its standard error goes to ours; its standard input
 * is ours only when interactive, otherwise it reads end-of-file. Standard output must be an {@code ExecCredential}
 * of the configured {@code apiVersion} with a token or a certificate and key.
 *
 * <p>A bare command name is looked up on this JVM's {@code PATH} (as Go's {@code exec.Command} uses the current
 * process's), not on the injected environment's. There is no time limit on a run, as in client-go.
 *
 * <p>Differences from client-go: errors never quote the plugin's output (it holds the credential); there is no
 * process-wide sharing of authenticators between clients, and no {@code PluginPolicy}.
 */
final class ExecPlugin {
  static final Set<String> API_VERSIONS = Set.of("client.authentication.k8s.io/v1",
      "client.authentication.k8s.io/v1beta1");

  private final Exec exec;
  private final String user;
  private final Map<String, String> parentEnv;
  private final JsonNode clusterInfo;
  private final boolean interactive;

  /**
   * Validates the exec configuration (client-go's {@code validateAuthInfo} and {@code newAuthenticator}).
   *
   * @param clusterInfo the {@code spec.cluster} object to pass, or null when {@code provideClusterInfo} is false
   * @param stdinIsTerminal whether our standard input is a terminal (decides {@code IfAvailable} and {@code Always})
   * @throws ConfigException naming the user and field
   */
  ExecPlugin(Exec exec, String user, Map<String, String> parentEnv, JsonNode clusterInfo, boolean stdinIsTerminal) {
    this.exec = exec;
    this.user = user;
    this.parentEnv = Map.copyOf(parentEnv);
    this.clusterInfo = clusterInfo;
    String where = "exec plugin of user \"" + user + "\"";
    if (KubeConfig.blank(exec.command())) {
      throw new ConfigException(where + " has no command; set users[].user.exec.command");
    }
    if (KubeConfig.blank(exec.apiVersion())) {
      throw new ConfigException(where + " has no apiVersion; set users[].user.exec.apiVersion to "
          + "client.authentication.k8s.io/v1");
    }
    if (!API_VERSIONS.contains(exec.apiVersion())) {
      throw new ConfigException(where + " uses apiVersion \"" + exec.apiVersion() + "\", which is not supported; "
          + "use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1 (v1alpha1 was removed) "
          + "and a plugin version that speaks it");
    }
    for (EnvVar v : exec.env()) {
      if (KubeConfig.blank(v.name())) {
        throw new ConfigException(where + " has an env entry without a name; give every "
            + "users[].user.exec.env entry a name");
      }
    }
    String mode = exec.interactiveMode();
    if (KubeConfig.blank(mode) && exec.apiVersion().endsWith("/v1beta1")) {
      mode = "IfAvailable";
    }
    this.interactive = switch (mode == null ? "" : mode) {
      case "Never" -> false;
      case "IfAvailable" -> stdinIsTerminal;
      case "Always" -> {
        if (!stdinIsTerminal) {
          throw new ConfigException(where + " has interactiveMode Always but standard input is not a terminal; "
              + "run interactively or set interactiveMode to IfAvailable or Never");
        }
        yield true;
      }
      default -> throw new ConfigException(where + ": exec plugin cannot support interactive mode: unknown "
          + "interactiveMode: \"" + (mode == null ? "" : mode) + "\"; set users[].user.exec.interactiveMode to "
          + "Never, IfAvailable or Always");
    };
  }

  /** The {@code KUBERNETES_EXEC_INFO} value, exactly as client-go writes it. */
  String execInfo() {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("kind", "ExecCredential");
    info.put("apiVersion", exec.apiVersion());
    ObjectNode spec = info.putObject("spec");
    if (clusterInfo != null) {
      spec.set("cluster", clusterInfo);
    }
    spec.put("interactive", interactive);
    return Json.write(info);
  }

  String describe() {
    return "exec plugin \"" + exec.command() + "\" of user \"" + user + "\"";
  }

  /** Runs the plugin and decodes its credential. */
  ExecCredential run() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(exec.command());
    command.addAll(exec.args());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(parentEnv);
    for (EnvVar v : exec.env()) {
      env.put(v.name(), v.value() == null ? "" : v.value());
    }
    env.put("KUBERNETES_EXEC_INFO", execInfo());
    builder.redirectError(Redirect.INHERIT);
    builder.redirectInput(interactive ? Redirect.INHERIT : Redirect.PIPE);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      String hint = KubeConfig.blank(exec.installHint()) ? "check users[].user.exec.command"
          : exec.installHint().strip();
      throw new IOException(describe() + " cannot be started: executable not found or not runnable ("
          + e.getMessage() + ")\n\n" + hint, e);
    }
    if (!interactive) {
      process.getOutputStream().close();
    }
    byte[] stdout;
    try (InputStream in = process.getInputStream()) {
      stdout = in.readAllBytes();
    }
    int code = process.waitFor();
    if (code != 0) {
      throw new IOException(describe() + " failed with exit code " + code + "; see its messages on standard error");
    }
    return decode(stdout);
  }

  /** client-go's output checks, in client-go's order and with its texts; the output is never quoted. */
  ExecCredential decode(byte[] stdout) throws IOException {
    JsonNode out;
    try {
      out = Json.read(new String(stdout, StandardCharsets.UTF_8), JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new IOException(describe() + ": decoding stdout: the output is not an ExecCredential JSON object");
    }
    if (out == null || !out.isObject()) {
      throw new IOException(describe() + ": decoding stdout: the output is not an ExecCredential JSON object");
    }
    String apiVersion = out.path("apiVersion").asText("");
    if (apiVersion.isEmpty()) {
      throw new IOException(describe() + ": decoding stdout: Object 'apiVersion' is missing; the plugin must print "
          + "an ExecCredential with apiVersion " + exec.apiVersion());
    }
    if (!apiVersion.equals(exec.apiVersion())) {
      throw new IOException(describe() + ": exec plugin is configured to use API version " + exec.apiVersion()
          + ", plugin returned version " + apiVersion);
    }
    JsonNode status = out.get("status");
    if (status == null || status.isNull()) {
      throw new IOException(describe() + ": exec plugin didn't return a status field");
    }
    String token = text(status, "token");
    String cert = text(status, "clientCertificateData");
    String key = text(status, "clientKeyData");
    if (token == null && cert == null && key == null) {
      throw new IOException(describe() + ": exec plugin didn't return a token or cert/key pair");
    }
    if ((cert == null) != (key == null)) {
      throw new IOException(describe() + ": exec plugin returned only certificate or key, not both");
    }
    Instant expiry = null;
    String expires = text(status, "expirationTimestamp");
    if (expires != null) {
      try {
        expiry = OffsetDateTime.parse(expires).toInstant();
      } catch (DateTimeParseException e) {
        throw new IOException(describe() + ": status.expirationTimestamp is not an RFC 3339 time");
      }
    }
    KeyMaterial keys = null;
    if (cert != null) {
      try {
        keys = KeyMaterial.of(cert.getBytes(StandardCharsets.US_ASCII), "status.clientCertificateData of "
            + describe(), key.getBytes(StandardCharsets.US_ASCII), "status.clientKeyData of " + describe());
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage());
      }
    }
    return new ExecCredential(token, keys, expiry);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
