package io.kubeloop.core.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests, made with BouncyCastle at test time: a CA, server certificates with names,
 * client certificates with RSA or EC keys, and PEM text of certificates and keys in PKCS#1, SEC1 and PKCS#8.
 * No provider is registered globally; the JDK's providers sign.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and the key pair it was issued for. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public String certificatePem() {
      return pem(certificate);
    }

    /** PKCS#1 for RSA ({@code BEGIN RSA PRIVATE KEY}), SEC1 for EC ({@code BEGIN EC PRIVATE KEY}). */
    public String traditionalKeyPem() {
      if (!"EC".equals(keys.getPrivate().getAlgorithm())) {
        return pem(keys.getPrivate());
      }
      // SEC1 as openssl writes it: with the curve and the public key, which the JDK's PKCS#8 encoding leaves out.
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      try {
        ECPrivateKey bare = ECPrivateKey.getInstance(info.parsePrivateKey());
        DERBitString publicKey = new DERBitString(
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes());
        ECPrivateKey sec1 = new ECPrivateKey(256, bare.getKey(), publicKey,
            info.getPrivateKeyAlgorithm().getParameters());
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public String pkcs8KeyPem() {
      try {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public KeyMaterial material() {
      return new KeyMaterial(List.of(certificate), keys.getPrivate());
    }
  }

  private final Issued ca;

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  /** A new RSA CA named {@code cn}. */
  public static TestPki create(String cn) {
    KeyPair keys = rsa();
    X500Name name = new X500Name("CN=" + cn);
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(3600)),
        Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestPki(new Issued(sign(b, keys.getPrivate()), keys));
  }

  public Issued ca() {
    return ca;
  }

  public String caPem() {
    return ca.certificatePem();
  }

  /** A server certificate valid for {@code names} (DNS names or IP literals), for a day. */
  public Issued server(String... names) {
    Instant now = Instant.now();
    return issue("server", rsa(), now.minusSeconds(3600), now.plus(Duration.ofDays(1)), true, names);
  }

  /** A server certificate for {@code names} that expired an hour ago. */
  public Issued expiredServer(String... names) {
    Instant now = Instant.now();
    return issue("expired-server", rsa(), now.minus(Duration.ofDays(2)), now.minusSeconds(3600), true, names);
  }

  /** A client certificate for user {@code cn} with an RSA key. */
  public Issued clientRsa(String cn) {
    Instant now = Instant.now();
    return issue(cn, rsa(), now.minusSeconds(3600), now.plus(Duration.ofDays(1)), false);
  }

  /** A client certificate for user {@code cn} with an EC P-256 key. */
  public Issued clientEc(String cn) {
    Instant now = Instant.now();
    return issue(cn, ec(), now.minusSeconds(3600), now.plus(Duration.ofDays(1)), false);
  }

  /** A client certificate for user {@code cn} that expired an hour ago. */
  public Issued expiredClient(String cn) {
    Instant now = Instant.now();
    return issue(cn, rsa(), now.minus(Duration.ofDays(2)), now.minusSeconds(3600), false);
  }

  private Issued issue(String cn, KeyPair keys, Instant notBefore, Instant notAfter, boolean server, String... names) {
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(notBefore),
        Date.from(notAfter), new X500Name("CN=" + cn), keys.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      if (names.length > 0) {
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
          boolean ip = n.matches("[0-9.]+") || n.contains(":");
          sans.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
              : new GeneralName(GeneralName.dNSName, n));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Issued(sign(b, ca.keys().getPrivate()), keys);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) {
    try {
      ContentSigner cs = new JcaContentSignerBuilder("SHA256withRSA").build(signer);
      return new JcaX509CertificateConverter().getCertificate(b.build(cs));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
