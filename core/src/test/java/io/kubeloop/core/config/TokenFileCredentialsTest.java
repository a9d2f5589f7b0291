package io.kubeloop.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file is re-read about once a minute and the last good token survives a failed read (client-go 4.4). */
class TokenFileCredentialsTest {
  @TempDir Path tmp;
  TestClock clock = new TestClock(Instant.parse("2024-01-01T00:00:00Z"));

  @Test
  void rereadsAfterFiftySecondsAndKeepsTheLastGoodToken() throws IOException {
    Path file = tmp.resolve("token");
    Files.writeString(file, "  token-a\n");
    TokenFileCredentials creds = new TokenFileCredentials(file, clock, null, "service account token");
    assertEquals("Bearer token-a", creds.authorization().orElseThrow());

    Files.writeString(file, "token-b");
    clock.step(Duration.ofSeconds(49));
    assertEquals("Bearer token-a", creds.authorization().orElseThrow(), "cached within the minute");
    clock.step(Duration.ofSeconds(1));
    assertEquals("Bearer token-b", creds.authorization().orElseThrow(), "re-read at 50 s");

    Files.delete(file);
    clock.step(Duration.ofMinutes(5));
    assertEquals("Bearer token-b", creds.authorization().orElseThrow(), "read failure keeps the last good token");
    Files.writeString(file, "");
    assertEquals("Bearer token-b", creds.authorization().orElseThrow(), "an empty file is a failed read");

    Files.writeString(file, "token-c");
    assertEquals("Bearer token-c", creds.authorization().orElseThrow(), "the next request tries the file again");
  }

  @Test
  void invalidateForcesARereadAfterA401() throws IOException {
    Path file = tmp.resolve("token");
    Files.writeString(file, "old");
    TokenFileCredentials creds = new TokenFileCredentials(file, clock, null, "tokenFile");
    assertEquals("Bearer old", creds.authorization().orElseThrow());
    Files.writeString(file, "new");
    assertTrue(creds.invalidate());
    assertEquals("Bearer new", creds.authorization().orElseThrow());
  }

  @Test
  void withoutAnyTokenTheErrorNamesTheFileButNoFallbackMeansFailure() throws IOException {
    Path file = tmp.resolve("missing");
    TokenFileCredentials none = new TokenFileCredentials(file, clock, null, "tokenFile of user \"u\"");
    IOException e = assertThrows(IOException.class, none::authorization);
    assertTrue(e.getMessage().startsWith("cannot read tokenFile of user \"u\" " + file), e.getMessage());
    TokenFileCredentials fallback = new TokenFileCredentials(file, clock, "static-SECRET", "tokenFile");
    assertEquals("Bearer static-SECRET", fallback.authorization().orElseThrow());
    assertFalse(fallback.toString().contains("SECRET"));
  }
}
