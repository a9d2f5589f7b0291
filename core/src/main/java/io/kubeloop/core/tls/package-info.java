/**
 * TLS for talking to an API server: Java counterpart of client-go {@code transport} ({@code TLSConfigFor}) and the
 * PEM handling of Go's {@code crypto/tls}. Read in this order: {@link io.kubeloop.core.tls.TlsConfig} (what a
 * cluster and user ask for), {@link io.kubeloop.core.tls.Pem} and {@link io.kubeloop.core.tls.KeyMaterial}
 * (certificates and keys through BouncyCastle), then the package-private trust and key managers that the JDK
 * calls during a handshake.
 */
package io.kubeloop.core.tls;
