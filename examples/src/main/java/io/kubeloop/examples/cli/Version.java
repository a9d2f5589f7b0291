package io.kubeloop.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from {@code version.properties} that Maven fills in at build time. */
public final class Version {
  private Version() {}

  /** Such as {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from sources that Maven did not process. */
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/io/kubeloop/examples/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
  }
}
