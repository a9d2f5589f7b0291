package io.kubeloop.core.config;

import io.kubeloop.core.config.KubeConfig.Named;
import io.kubeloop.core.config.KubeConfig.NamedCluster;
import io.kubeloop.core.config.KubeConfig.NamedContext;
import io.kubeloop.core.config.KubeConfig.NamedExtension;
import io.kubeloop.core.config.KubeConfig.NamedUser;
import java.io.File;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which kubeconfig files to read and how to merge them: Java counterpart of client-go
 * {@code tools/clientcmd/loader.go} ({@code ClientConfigLoadingRules}, {@code NewDefaultClientConfigLoadingRules},
 * {@code Load}).
 *
 * <ol>
 *   <li>An explicit path ({@code --kubeconfig}) is the only file read, and it must exist.
 *   <li>Otherwise every entry of {@code KUBECONFIG} (split on the platform's path separator, empty entries
 *       dropped, duplicates dropped keeping the first), missing files skipped, with a warning if all are missing.
 *   <li>Otherwise {@code <home>/.kube/config}, skipped if missing.
 * </ol>
 * Merging: for clusters, users, contexts and extensions the first file that defines a name wins and its entry is
 * taken whole; for {@code current-context} and {@code preferences} the first file with a value wins.
 *
 * <p>Differences from client-go: a file that exists but cannot be decoded fails the load at once instead of
 * being collected into an aggregate error with the others; the legacy {@code ~/.kube/.kubeconfig} migration is
 * not done.
 */
final class LoadingRules {
  private static final System.Logger LOG = System.getLogger(LoadingRules.class.getName());

  /** The files to read in order. */
  private final List<Path> precedence;
  /** Whether the only file was named explicitly (then it must exist). */
  private final boolean explicit;
  /** Whether to warn when every file is missing (client-go: only for KUBECONFIG). */
  private final boolean warnIfAllMissing;

  private LoadingRules(List<Path> precedence, boolean explicit, boolean warnIfAllMissing) {
    this.precedence = List.copyOf(precedence);
    this.explicit = explicit;
    this.warnIfAllMissing = warnIfAllMissing;
  }

  static LoadingRules explicit(Path path) {
    return new LoadingRules(List.of(path), true, false);
  }

  /** client-go's {@code NewDefaultClientConfigLoadingRules} over an injected environment and home directory. */
  static LoadingRules defaults(Map<String, String> env, Path home) {
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isEmpty()) {
      List<Path> files = new ArrayList<>();
      for (String entry : deduplicate(List.of(kubeconfig.split(File.pathSeparator, -1)))) {
        if (!entry.isEmpty()) {
          files.add(Path.of(entry));
        }
      }
      return new LoadingRules(files, false, true);
    }
    return new LoadingRules(List.of(home.resolve(".kube").resolve("config")), false, false);
  }

  /** Removes repeated entries, keeping the first occurrence (client-go's {@code deduplicate}). */
  static List<String> deduplicate(List<String> entries) {
    return List.copyOf(new LinkedHashSet<>(entries));
  }

  List<Path> precedence() {
    return precedence;
  }

  /** The result of loading: the merged configuration, the files it came from, and each entry's file. */
  record Loaded(KubeConfig config, List<Path> files, Map<String, Path> clusterOrigin, Map<String, Path> userOrigin,
      Map<String, Path> contextOrigin) {

    /** Describes where the configuration came from, for {@code ClientConfig.source()} and error messages. */
    String describeFiles() {
      return files.isEmpty() ? "(no file)" : files.stream().map(Path::toString)
          .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }
  }

  /**
   * Reads and merges the files.
   *
   * @throws ConfigException if the explicit file is missing, or if a file exists but is unreadable or malformed
   */
  Loaded load() {
    List<Path> read = new ArrayList<>();
    List<KubeConfig> configs = new ArrayList<>();
    for (Path file : precedence) {
      try {
        configs.add(KubeConfigFile.read(file));
        read.add(file);
      } catch (NoSuchFileException e) {
        if (explicit) {
          throw new ConfigException("kubeconfig file \"" + file + "\" does not exist; fix the path given as the "
              + "explicit kubeconfig, or leave it unset to use KUBECONFIG or ~/.kube/config");
        }
        LOG.log(Level.DEBUG, () -> "kubeconfig file not found, skipping file=" + file);
      }
    }
    if (read.isEmpty() && warnIfAllMissing) {
      LOG.log(Level.WARNING, () -> "Config not found: " + precedence.stream().map(Path::toString)
          .reduce((a, b) -> a + ", " + b).orElse(""));
    }
    Map<String, Path> clusterOrigin = new LinkedHashMap<>();
    Map<String, Path> userOrigin = new LinkedHashMap<>();
    Map<String, Path> contextOrigin = new LinkedHashMap<>();
    Map<String, NamedCluster> clusters = new LinkedHashMap<>();
    Map<String, NamedUser> users = new LinkedHashMap<>();
    Map<String, NamedContext> contexts = new LinkedHashMap<>();
    Map<String, NamedExtension> extensions = new LinkedHashMap<>();
    KubeConfig merged = KubeConfig.empty();
    for (int i = 0; i < configs.size(); i++) {
      KubeConfig c = configs.get(i);
      Path file = read.get(i);
      firstWins(c.clusters(), clusters, clusterOrigin, file);
      firstWins(c.users(), users, userOrigin, file);
      firstWins(c.contexts(), contexts, contextOrigin, file);
      firstWins(c.extensions(), extensions, new LinkedHashMap<>(), file);
      if (KubeConfig.blank(merged.currentContext()) && !KubeConfig.blank(c.currentContext())) {
        merged = merged.withCurrentContext(c.currentContext());
      }
      if (merged.preferences() == null && c.preferences() != null && !c.preferences().isEmpty()) {
        merged = merged.withPreferences(c.preferences());
      }
    }
    merged = merged.withEntries(values(clusters), values(users), values(contexts), values(extensions));
    return new Loaded(merged, List.copyOf(read), Map.copyOf(clusterOrigin), Map.copyOf(userOrigin),
        Map.copyOf(contextOrigin));
  }

  private static <T extends Named> void firstWins(List<T> entries, Map<String, T> into, Map<String, Path> origin,
      Path file) {
    for (T entry : entries) {
      if (entry.name() != null && !into.containsKey(entry.name())) {
        into.put(entry.name(), entry);
        origin.put(entry.name(), file);
      }
    }
  }

  private static <T> List<T> values(Map<String, T> map) {
    return List.copyOf(map.values());
  }

  static <T extends Named> Map<String, T> byName(List<T> entries) {
    Map<String, T> out = new LinkedHashMap<>();
    for (T e : entries) {
      out.put(e.name(), e);
    }
    return out;
  }
}
