package io.kubeloop.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig file format, version 1: Java counterpart of client-go {@code tools/clientcmd/api/v1/types.go}
 * ({@code Config}, {@code NamedCluster}, {@code Cluster}, {@code NamedAuthInfo}, {@code AuthInfo},
 * {@code NamedContext}, {@code Context}, {@code ExecConfig}). Field names are the YAML/JSON names of the file.
 *
 * <p>Differences from client-go: there is no separate internal {@code api.Config} with maps; the lists stay lists
 * (names are checked for duplicates when a file is read, see {@code KubeConfigFile}), and {@code *-data} fields
 * stay base64 text until they are used. Unknown fields are ignored, as client-go's lenient decoding does.
 *
 * <p>{@link User#toString()} and {@link Exec#toString()} never show tokens, passwords, keys or environment values.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KubeConfig(
    String apiVersion,
    String kind,
    JsonNode preferences,
    List<NamedCluster> clusters,
    List<NamedUser> users,
    List<NamedContext> contexts,
    @JsonProperty("current-context") String currentContext,
    List<NamedExtension> extensions) {

  public KubeConfig {
    clusters = copy(clusters);
    users = copy(users);
    contexts = copy(contexts);
    extensions = copy(extensions);
  }

  /** An empty configuration, as an empty file decodes to. */
  public static KubeConfig empty() {
    return new KubeConfig(null, null, null, null, null, null, null, null);
  }

  /** True when nothing at all is configured: no current context and no clusters, users or contexts. */
  public boolean isEmpty() {
    return (currentContext == null || currentContext.isEmpty()) && clusters.isEmpty() && users.isEmpty()
        && contexts.isEmpty();
  }

  public KubeConfig withEntries(List<NamedCluster> clusters, List<NamedUser> users, List<NamedContext> contexts,
      List<NamedExtension> extensions) {
    return new KubeConfig(apiVersion, kind, preferences, clusters, users, contexts, currentContext, extensions);
  }

  public KubeConfig withCurrentContext(String value) {
    return new KubeConfig(apiVersion, kind, preferences, clusters, users, contexts, value, extensions);
  }

  public KubeConfig withPreferences(JsonNode value) {
    return new KubeConfig(apiVersion, kind, value, clusters, users, contexts, currentContext, extensions);
  }

  private static <T> List<T> copy(List<T> list) {
    if (list == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(list.size());
    for (T t : list) {
      if (t != null) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  /** A list entry with a name (the key of client-go's maps). */
  public interface Named {
    String name();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NamedCluster(String name, Cluster cluster) implements Named {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NamedUser(String name, User user) implements Named {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NamedContext(String name, Context context) implements Named {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NamedExtension(String name, JsonNode extension) implements Named {}

  /** How to reach and trust one API server. Paths are absolute once the file has been read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cluster(
      String server,
      @JsonProperty("tls-server-name") String tlsServerName,
      @JsonProperty("insecure-skip-tls-verify") Boolean insecureSkipTlsVerify,
      @JsonProperty("certificate-authority") String certificateAuthority,
      @JsonProperty("certificate-authority-data") String certificateAuthorityData,
      @JsonProperty("proxy-url") String proxyUrl,
      @JsonProperty("disable-compression") Boolean disableCompression,
      List<NamedExtension> extensions) {

    public Cluster {
      extensions = copy(extensions);
    }

    public boolean insecure() {
      return Boolean.TRUE.equals(insecureSkipTlsVerify);
    }

    /** True when no field at all is set (client-go's "cluster has no server defined" empty-cluster case). */
    public boolean isEmpty() {
      return blank(server) && blank(tlsServerName) && insecureSkipTlsVerify == null && blank(certificateAuthority)
          && blank(certificateAuthorityData) && blank(proxyUrl) && disableCompression == null && extensions.isEmpty();
    }

    public Cluster withCertificateAuthority(String path) {
      return new Cluster(server, tlsServerName, insecureSkipTlsVerify, path, certificateAuthorityData, proxyUrl,
          disableCompression, extensions);
    }

    public Cluster withServer(String value, String serverName) {
      return new Cluster(value, serverName, insecureSkipTlsVerify, certificateAuthority, certificateAuthorityData,
          proxyUrl, disableCompression, extensions);
    }

    public Cluster withTrust(Boolean insecure, String caFile, String caData) {
      return new Cluster(server, tlsServerName, insecure, caFile, caData, proxyUrl, disableCompression, extensions);
    }
  }

  /** Who to be: client-go's {@code AuthInfo}. Paths are absolute once the file has been read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record User(
      @JsonProperty("client-certificate") String clientCertificate,
      @JsonProperty("client-certificate-data") String clientCertificateData,
      @JsonProperty("client-key") String clientKey,
      @JsonProperty("client-key-data") String clientKeyData,
      String token,
      String tokenFile,
      @JsonProperty("as") String impersonate,
      @JsonProperty("as-uid") String impersonateUid,
      @JsonProperty("as-groups") List<String> impersonateGroups,
      @JsonProperty("as-user-extra") Map<String, List<String>> impersonateUserExtra,
      String username,
      String password,
      @JsonProperty("auth-provider") JsonNode authProvider,
      Exec exec,
      List<NamedExtension> extensions) {

    public User {
      extensions = copy(extensions);
    }

    public User withPaths(String clientCertificate, String clientKey, String tokenFile, Exec exec) {
      return new User(clientCertificate, clientCertificateData, clientKey, clientKeyData, token, tokenFile,
          impersonate, impersonateUid, impersonateGroups, impersonateUserExtra, username, password, authProvider,
          exec, extensions);
    }

    /** Names the fields that are set, never their values. */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("User[");
      appendSet(b, "client-certificate", clientCertificate);
      appendSet(b, "client-certificate-data", clientCertificateData);
      appendSet(b, "client-key", clientKey);
      appendSet(b, "client-key-data", clientKeyData);
      appendSet(b, "token", token);
      appendSet(b, "tokenFile", tokenFile);
      appendSet(b, "as", impersonate);
      appendSet(b, "username", username);
      appendSet(b, "password", password);
      appendSet(b, "auth-provider", authProvider == null ? null : "set");
      appendSet(b, "exec", exec == null ? null : "set");
      return b.append(']').toString();
    }
  }

  /** Where a context points: a cluster, a user and a default namespace. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Context(String cluster, String user, String namespace, List<NamedExtension> extensions) {
    public Context {
      extensions = copy(extensions);
    }
  }

  /** An exec credential plugin: client-go's {@code ExecConfig}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Exec(
      String command,
      List<String> args,
      List<EnvVar> env,
      String apiVersion,
      String installHint,
      Boolean provideClusterInfo,
      String interactiveMode) {

    public Exec {
      args = copy(args);
      env = copy(env);
    }

    public Exec withCommand(String value) {
      return new Exec(value, args, env, apiVersion, installHint, provideClusterInfo, interactiveMode);
    }

    /** Shows the command and the names of environment variables, never their values nor the arguments. */
    @Override
    public String toString() {
      return "Exec[command=" + command + ", apiVersion=" + apiVersion + ", env="
          + env.stream().map(EnvVar::name).toList() + ", interactiveMode=" + interactiveMode + "]";
    }
  }

  /** One environment variable for an exec plugin. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EnvVar(String name, String value) {
    @Override
    public String toString() {
      return "EnvVar[" + name + "]";
    }
  }

  static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static void appendSet(StringBuilder b, String field, Object value) {
    if (value != null && !(value instanceof String s && s.isEmpty())) {
      if (b.charAt(b.length() - 1) != '[') {
        b.append(", ");
      }
      b.append(field);
    }
  }
}
