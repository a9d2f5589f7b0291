package io.kubeloop.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The key manager asks its source at each handshake and never mixes a certificate with another's key. */
class ClientKeyManagerTest {
  static final TestPki PKI = TestPki.create("km-ca");

  @Test
  void aliasesSurviveARotationBetweenChooseAndGet() {
    TestPki.Issued rsa = PKI.clientRsa("first");
    TestPki.Issued ec = PKI.clientEc("second");
    AtomicReference<KeyMaterial> now = new AtomicReference<>(rsa.material());
    ClientKeyManager km = new ClientKeyManager(() -> Optional.of(now.get()));

    String first = km.chooseEngineClientAlias(new String[] {"RSASSA-PSS", "RSA"}, null, null);
    assertEquals(first, km.chooseEngineClientAlias(new String[] {"RSA"}, null, null), "same material, same alias");
    now.set(ec.material());
    String second = km.chooseEngineClientAlias(new String[] {"EC"}, null, null);
    assertNotEquals(first, second);
    assertEquals(rsa.keys().getPrivate(), km.getPrivateKey(first), "a handshake begun before the rotation");
    assertEquals(rsa.certificate(), km.getCertificateChain(first)[0]);
    assertEquals(ec.certificate(), km.getCertificateChain(second)[0]);
    assertNull(km.chooseEngineClientAlias(new String[] {"RSA"}, null, null), "an EC key does not fit an RSA request");
    assertNull(new ClientKeyManager(KeySource.NONE).chooseEngineClientAlias(new String[] {"RSA"}, null, null));
    assertNull(km.getPrivateKey("unknown"));
  }
}
