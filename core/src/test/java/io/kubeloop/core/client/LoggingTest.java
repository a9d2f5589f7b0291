package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the client logs (through System.Logger, which the JDK routes to java.util.logging by default). */
@Timeout(20)
class LoggingTest extends ServerSupport {
  final List<LogRecord> records = new CopyOnWriteArrayList<>();
  final Logger packageLogger = Logger.getLogger("io.kubeloop.core.client");
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  Level previousLevel;

  @BeforeEach
  void capture() {
    previousLevel = packageLogger.getLevel();
    packageLogger.setLevel(Level.ALL);
    packageLogger.addHandler(handler);
  }

  @AfterEach
  void release() {
    packageLogger.removeHandler(handler);
    packageLogger.setLevel(previousLevel);
  }

  String text(LogRecord r) {
    return new java.util.logging.SimpleFormatter().formatMessage(r);
  }

  @Test
  void anInsecureClientWarnsOnceNamingTheServer() {
    records.clear();
    try (KubeClient insecure = KubeClient.create(config().insecure(true).build(), clock)) {
      List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
      assertEquals(1, warnings.size());
      assertTrue(text(warnings.get(0)).contains(server.url("/").toString().replaceAll("/$", "")), text(warnings.get(0)));
      insecure.resource(Lease.TYPE); // using it warns no more
      assertEquals(1, records.stream().filter(r -> r.getLevel() == Level.WARNING).count());
    }
  }

  @Test
  void noLogLineCarriesTheToken() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().code(401).body("token " + TOKEN.substring(0, 3) + " rejected").build());
    }
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
    server.enqueue(new MockResponse.Builder().code(403).build());
    try (KubeClient c = KubeClient.create(config().credentials(new AuthorizationAndCancellationTest.RotatingCredentials(true)) .build(), clock)) {
      assertThrows(ApiException.class, () -> c.resource(Lease.TYPE).inNamespace("ns").get("a"));
      assertThrows(ApiException.class, () -> client.resource(Lease.TYPE).inNamespace("ns").get("a"));
    }
    assertFalse(records.isEmpty(), "the retries and refusals were logged");
    for (LogRecord r : records) {
      assertFalse(text(r).contains("token-1") || text(r).contains("token-2") || text(r).contains(TOKEN), text(r));
    }
  }
}
