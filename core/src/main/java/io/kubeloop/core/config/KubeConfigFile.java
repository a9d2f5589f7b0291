package io.kubeloop.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubeloop.core.config.KubeConfig.Exec;
import io.kubeloop.core.config.KubeConfig.Named;
import io.kubeloop.core.config.KubeConfig.NamedCluster;
import io.kubeloop.core.config.KubeConfig.NamedContext;
import io.kubeloop.core.config.KubeConfig.NamedUser;
import io.kubeloop.core.config.KubeConfig.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one kubeconfig file: Java counterpart of client-go {@code tools/clientcmd/loader.go} ({@code LoadFromFile},
 * {@code ResolveLocalPaths}) together with the name-uniqueness check of {@code api/v1/conversion.go}.
 *
 * <p>After reading, every relative path in the file ({@code certificate-authority}, {@code client-certificate},
 * {@code client-key}, {@code tokenFile}, and an exec {@code command} that contains a path separator) is resolved
 * against the directory of this file. A bare exec command such as {@code gke-gcloud-auth-plugin} stays a
 * {@code PATH} lookup.
 *
 * <p>Differences from client-go: a malformed file reports the line and column and the kind of problem but never
 * quotes the offending text (it could be a token); an empty file is an empty configuration, as in client-go.
 */
final class KubeConfigFile {
  private static final ObjectReader READER = YAMLMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build()
      .readerFor(KubeConfig.class);

  private KubeConfigFile() {}

  /**
   * Reads, checks and resolves {@code file}.
   *
   * @throws NoSuchFileException if the file does not exist (callers decide whether that is an error)
   * @throws ConfigException if it exists but cannot be read or decoded
   */
  static KubeConfig read(Path file) throws NoSuchFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new ConfigException("error loading config file \"" + file + "\": cannot read it (" + e + "); check its "
          + "permissions", e);
    }
    return resolvePaths(parse(bytes, file.toString()), file.toAbsolutePath().getParent());
  }

  /** Decodes {@code bytes} (YAML or JSON) and checks names; {@code origin} names the input in errors. */
  static KubeConfig parse(byte[] bytes, String origin) {
    KubeConfig config;
    try {
      config = bytes.length == 0 ? null : READER.readValue(bytes);
    } catch (JsonProcessingException e) {
      throw new ConfigException("error loading config file \"" + origin + "\": " + describe(e)
          + "; fix the file so that it is a valid kubeconfig (kind: Config, apiVersion: v1)");
    } catch (IOException e) {
      throw new ConfigException("error loading config file \"" + origin + "\": " + e.getClass().getSimpleName(), e);
    }
    if (config == null) {
      return KubeConfig.empty();
    }
    checkNames(config.clusters(), "clusters", "[]NamedCluster", "api.Cluster", origin);
    checkNames(config.users(), "users", "[]NamedAuthInfo", "api.AuthInfo", origin);
    checkNames(config.contexts(), "contexts", "[]NamedContext", "api.Context", origin);
    checkNames(config.extensions(), "extensions", "[]NamedExtension", "runtime.Object", origin);
    return config;
  }

  /*
   * Jackson's messages for YAML syntax errors quote the text around the problem, which may be a secret. So the
   * message is rebuilt from the location (line, column), the field path and the kind of problem only.
   */
  private static String describe(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    String at = where == null || where.getLineNr() < 0 ? "" : " at line " + where.getLineNr() + ", column "
        + where.getColumnNr();
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      String type = m.getTargetType() == null ? "another type" : simpleType(m.getTargetType());
      return "field " + path(m) + at + " has the wrong type (expected " + type + ")";
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      return "field " + path(m) + at + " cannot be decoded";
    }
    String problem = "malformed YAML";
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblem() != null) {
        problem = "malformed YAML (" + y.getProblem() + ")";
        break;
      }
    }
    return problem + at;
  }

  private static String simpleType(Class<?> type) {
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    return type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static void checkNames(List<? extends Named> entries, String field, String goList, String goMap,
      String origin) {
    Set<String> seen = new HashSet<>();
    for (Named entry : entries) {
      if (!seen.add(entry.name())) {
        // client-go's text, so that people searching for it find the cause.
        throw new ConfigException("error loading config file \"" + origin + "\": error converting *" + goList
            + " into *map[string]*" + goMap + ": duplicate name \"" + entry.name() + "\" in list; rename or remove "
            + "one of the " + field + " entries named \"" + entry.name() + "\"");
      }
    }
  }

  /** client-go's {@code ResolveLocalPaths}: relative paths become paths relative to {@code dir}. */
  static KubeConfig resolvePaths(KubeConfig config, Path dir) {
    List<NamedCluster> clusters = new ArrayList<>();
    for (NamedCluster c : config.clusters()) {
      clusters.add(c.cluster() == null ? c : new NamedCluster(c.name(),
          c.cluster().withCertificateAuthority(resolve(dir, c.cluster().certificateAuthority()))));
    }
    List<NamedUser> users = new ArrayList<>();
    for (NamedUser u : config.users()) {
      User user = u.user();
      if (user == null) {
        users.add(u);
        continue;
      }
      Exec exec = user.exec();
      if (exec != null && exec.command() != null && hasSeparator(exec.command())) {
        exec = exec.withCommand(resolve(dir, exec.command()));
      }
      users.add(new NamedUser(u.name(), user.withPaths(resolve(dir, user.clientCertificate()),
          resolve(dir, user.clientKey()), resolve(dir, user.tokenFile()), exec)));
    }
    List<NamedContext> contexts = config.contexts();
    return config.withEntries(clusters, users, contexts, config.extensions());
  }

  private static boolean hasSeparator(String command) {
    return command.indexOf('/') >= 0 || command.indexOf(java.io.File.separatorChar) >= 0;
  }

  private static String resolve(Path dir, String path) {
    if (path == null || path.isEmpty() || dir == null) {
      return path;
    }
    Path p = Path.of(path);
    return p.isAbsolute() ? path : dir.resolve(p).normalize().toString();
  }
}
