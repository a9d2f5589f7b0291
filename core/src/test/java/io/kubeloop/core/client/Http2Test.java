package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.config.ClientConfig;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Over TLS with ALPN the client speaks HTTP/2 when the server offers it, and watches work on a stream of it. */
@Timeout(30)
class Http2Test {
  final MockWebServer server = new MockWebServer();
  final TestClock clock = new TestClock();
  KubeClient client;

  @BeforeEach
  void start() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

    KeyStore serverStore = KeyStore.getInstance("PKCS12");
    serverStore.load(null, null);
    serverStore.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(serverStore, new char[0]);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    server.useHttps(serverTls.getSocketFactory());
    server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    server.start();

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);
    client = KubeClient.create(ClientConfig.builder(URI.create(server.url("/").toString())).sslContext(clientTls).build(), clock);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void getAndWatchOverHttp2() throws Exception {
    server.enqueue(ServerSupport.json(200, ResourceClientVerbsTest.LEASE_A));
    ServerSupport.PiecewiseBody body = new ServerSupport.PiecewiseBody();
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(new Unframed(body)).build());
    ResourceClient<Lease> leases = client.resource(Lease.TYPE).inNamespace("ns");
    assertEquals("x", leases.get("a").spec().holderIdentity());
    assertEquals("HTTP/2", server.takeRequest().getVersion(), "the protocol ALPN chose");
    // MockWebServer flushes HTTP/2 response headers only with the first DATA frame, so send a piece first.
    body.send(WatchStreamTest.ADDED_A.substring(0, 30));
    try (WatchStream<Lease> watch = leases.watch(WatchOptions.defaults())) {
      body.send(WatchStreamTest.ADDED_A.substring(30));
      WatchEvent<Lease> e = watch.next();
      assertEquals("a", e.object().metadata().name());
    } // closed while the server still streams: this resets the HTTP/2 stream, not the connection
    server.enqueue(ServerSupport.json(200, ResourceClientVerbsTest.LEASE_A));
    assertEquals("x", leases.get("a").spec().holderIdentity());
    body.end();
  }

  /** HTTP/2 has its own framing: the piecewise body without the HTTP/1.1 chunk headers. */
  record Unframed(ServerSupport.PiecewiseBody pieces) implements mockwebserver3.MockResponseBody {
    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
      pieces.writeRaw(sink);
    }
  }
}
