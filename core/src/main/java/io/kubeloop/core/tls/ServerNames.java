package io.kubeloop.core.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate is valid for a host name or IP address: Go's {@code x509.Certificate.VerifyHostname} as
 * used by {@code crypto/tls}, which client-go relies on for {@code tls-server-name} and the server URL's host.
 *
 * <p>Only subject alternative names count (the common name is ignored, as in Go since 1.15). A DNS name may have
 * one leading wildcard label ({@code *.example.com} matches {@code a.example.com}, not {@code a.b.example.com} nor
 * {@code example.com}). Comparison is case-insensitive. An IP address matches only an IP address entry.
 */
final class ServerNames {
  private static final int DNS = 2;
  private static final int IP = 7;

  private ServerNames() {}

  static boolean matches(X509Certificate certificate, String name) {
    String host = stripBrackets(name);
    boolean isIp = isIpLiteral(host);
    for (List<?> san : subjectAltNames(certificate)) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1));
      if (isIp && type == IP && sameAddress(host, value)) {
        return true;
      }
      if (!isIp && type == DNS && dnsMatches(value, host)) {
        return true;
      }
    }
    return false;
  }

  /** The DNS names and IP addresses a certificate is valid for, for error messages. */
  static List<String> names(X509Certificate certificate) {
    List<String> out = new ArrayList<>();
    for (List<?> san : subjectAltNames(certificate)) {
      int type = (Integer) san.get(0);
      if (type == DNS || type == IP) {
        out.add(String.valueOf(san.get(1)));
      }
    }
    return out;
  }

  static boolean isIpLiteral(String host) {
    String h = stripBrackets(host);
    return h.matches("[0-9.]+") && h.chars().filter(c -> c == '.').count() == 3 || h.contains(":");
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals only: no DNS lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String pattern, String host) {
    String p = trimDot(pattern.toLowerCase(Locale.ROOT));
    String h = trimDot(host.toLowerCase(Locale.ROOT));
    if (!p.startsWith("*.")) {
      return p.equals(h);
    }
    int dot = h.indexOf('.');
    return dot > 0 && h.substring(dot).equals(p.substring(1));
  }

  private static String trimDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static Collection<List<?>> subjectAltNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }
}
