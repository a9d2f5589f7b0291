/**
 * TLS for talking to an API server: Java counterpart of client-go {@code transport} ({@code TLSConfigFor}) and the
 * PEM handling of Go's {@code crypto/tls}. Read in this order: {@link io.kubeloop.core.tls.TlsConfig} (what a
 * cluster and user ask for), {@link io.kubeloop.core.tls.Pem} and {@link io.kubeloop.core.tls.KeyMaterial}
 * (certificates and keys through BouncyCastle), then the package-private parts the JDK calls during a handshake:
 * {@code VerifyingTrustManager} (chain against exactly the configured CAs, then the name, with errors that say which
 * check failed), {@code InsecureTrustManager}, {@code ClientKeyManager} (the client certificate of the moment) and
 * {@code ServerNameEngine} (sends {@code tls-server-name} as SNI despite {@code HttpClient}).
 */
package io.kubeloop.core.tls;
