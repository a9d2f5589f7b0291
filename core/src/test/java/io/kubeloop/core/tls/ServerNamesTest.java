package io.kubeloop.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host name checks (Go's VerifyHostname) and PEM edge cases. */
class ServerNamesTest {
  static final TestPki PKI = TestPki.create("names-ca");

  @Test
  void matchesDnsWildcardAndIpEntriesOnly() {
    X509Certificate c = PKI.server("api.example.com", "*.apps.example.com", "10.0.0.1", "fd00::1").certificate();
    assertTrue(ServerNames.matches(c, "api.example.com"));
    assertTrue(ServerNames.matches(c, "API.Example.com."));
    assertTrue(ServerNames.matches(c, "x.apps.example.com"));
    assertFalse(ServerNames.matches(c, "a.b.apps.example.com"), "a wildcard covers one label");
    assertFalse(ServerNames.matches(c, "apps.example.com"));
    assertTrue(ServerNames.matches(c, "10.0.0.1"));
    assertTrue(ServerNames.matches(c, "[fd00:0:0:0:0:0:0:1]"));
    assertFalse(ServerNames.matches(c, "10.0.0.2"));
    assertFalse(ServerNames.matches(PKI.server("10.0.0.1").certificate(), "server"), "the common name never counts");
    assertEquals(List.of("api.example.com", "*.apps.example.com", "10.0.0.1", "fd00:0:0:0:0:0:0:1"),
        ServerNames.names(c));
  }

  @Test
  void encryptedAndBrokenPemAreNamed() {
    String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Pem.privateKey(encrypted.getBytes(StandardCharsets.US_ASCII), "client-key of user \"u\""));
    assertTrue(e.getMessage().startsWith("client-key of user \"u\" is an encrypted private key"), e.getMessage());
    IllegalArgumentException noCert = assertThrows(IllegalArgumentException.class,
        () -> Pem.certificates("hello".getBytes(StandardCharsets.US_ASCII), "certificate-authority /ca.crt"));
    assertTrue(noCert.getMessage().startsWith("certificate-authority /ca.crt contains no PEM certificate"),
        noCert.getMessage());
  }

  @Test
  void keyMaterialToStringHidesTheKey() {
    TestPki.Issued client = PKI.clientEc("ec");
    KeyMaterial m = KeyMaterial.of(client.certificatePem().getBytes(StandardCharsets.US_ASCII), "cert",
        client.traditionalKeyPem().getBytes(StandardCharsets.US_ASCII), "key");
    assertTrue(m.toString().startsWith("KeyMaterial[subject=CN=ec, notAfter="), m.toString());
    assertFalse(m.toString().contains("PRIVATE"), m.toString());
    KeyMaterial pkcs8 = KeyMaterial.of(client.certificatePem().getBytes(StandardCharsets.US_ASCII), "cert",
        client.pkcs8KeyPem().getBytes(StandardCharsets.US_ASCII), "key");
    assertEquals(((java.security.interfaces.ECPrivateKey) m.key()).getS(),
        ((java.security.interfaces.ECPrivateKey) pkcs8.key()).getS(), "SEC1 and PKCS#8 encodings give the same key");
  }
}
