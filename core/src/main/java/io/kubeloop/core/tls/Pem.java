package io.kubeloop.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads PEM certificates and private keys: the Java counterpart of Go's {@code crypto/tls.X509KeyPair} and
 * {@code x509.CertPool.AppendCertsFromPEM} as client-go's {@code transport/cache.go} uses them.
 *
 * <p>Private keys may be PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}), SEC1 EC ({@code BEGIN EC PRIVATE KEY}, with or
 * without the {@code EC PARAMETERS} block) or unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}); BouncyCastle's
 * {@code PemReader} and ASN.1 classes decode them and {@code JcaPEMKeyConverter} makes JDK keys of them.
 * Encrypted keys are refused, as in client-go. Certificates are read with BouncyCastle's {@code PEMParser}.
 *
 * <p>Every method takes a {@code what} that names the input in errors (for example
 * {@code client-key of user "admin" (file /home/me/.kube/admin.key)}); messages never contain key material.
 */
public final class Pem {
  private Pem() {}

  /**
   * Every certificate in {@code pem}, in order.
   *
   * @throws IllegalArgumentException naming {@code what} if there is no certificate or one cannot be parsed
   */
  public static List<X509Certificate> certificates(byte[] pem, String what) {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = parser(pem)) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
          out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(what + " is not valid PEM certificate data (" + e.getClass().getSimpleName()
          + "); it must contain one or more -----BEGIN CERTIFICATE----- blocks", e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(what + " contains no PEM certificate; it must contain one or more "
          + "-----BEGIN CERTIFICATE----- blocks");
    }
    return List.copyOf(out);
  }

  /**
   * The first private key in {@code pem}.
   *
   * @throws IllegalArgumentException naming {@code what} if there is no key, it is encrypted or cannot be parsed
   */
  public static PrivateKey privateKey(byte[] pem, String what) {
    try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(pem),
        StandardCharsets.US_ASCII))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      PemObject o;
      while ((o = reader.readPemObject()) != null) {
        boolean encrypted = false;
        for (Object header : o.getHeaders()) {
          encrypted |= ((PemHeader) header).getValue().contains("ENCRYPTED"); // Proc-Type: 4,ENCRYPTED
        }
        if (encrypted || o.getType().equals("ENCRYPTED PRIVATE KEY")) {
          throw new IllegalArgumentException(what + " is an encrypted private key; kubeconfig keys must be "
              + "unencrypted (decrypt it with: openssl pkey -in <file> -out <file>)");
        }
        PrivateKeyInfo info = switch (o.getType()) {
          case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(o.getContent());
          case "RSA PRIVATE KEY" -> new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
              DERNull.INSTANCE), RSAPrivateKey.getInstance(o.getContent()));
          case "EC PRIVATE KEY" -> {
            // SEC1. Built by hand rather than through PEMParser's key pair: keys written by the JDK omit the
            // optional public key, which PEMParser requires.
            ECPrivateKey ec = ECPrivateKey.getInstance(o.getContent());
            yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                ec.getParametersObject()), ec);
          }
          default -> null; // certificates, EC PARAMETERS and the like
        };
        if (info != null) {
          return converter.getPrivateKey(info);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(what)) {
        throw iae;
      }
      throw new IllegalArgumentException(what + " cannot be read as a PEM private key (" + e.getClass().getSimpleName()
          + "); expected PKCS#1 RSA, SEC1 EC or PKCS#8");  // no cause: its text could quote the key
    }
    throw new IllegalArgumentException(what + " contains no PEM private key; expected a -----BEGIN RSA PRIVATE KEY-----, "
        + "-----BEGIN EC PRIVATE KEY----- or -----BEGIN PRIVATE KEY----- block");
  }

  private static PEMParser parser(byte[] pem) {
    Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
    return new PEMParser(reader);
  }
}
