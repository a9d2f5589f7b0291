package io.kubeloop.core.tls;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLEngine} that always sends a fixed SNI server name: Go's {@code tls.Config.ServerName} as SNI, which
 * client-go sets from {@code tls-server-name}.
 *
 * <p>Why: the JDK {@code HttpClient} overwrites the SNI of the {@link SSLParameters} it is given with the host of
 * the request URL whenever that host is a DNS name. Wrapping the engines of the {@link SSLContext} is the only
 * place to put the configured name back: {@link #setSSLParameters} replaces the server names before passing the
 * parameters on. Every other method delegates unchanged, so the JDK's engine does all the TLS work.
 */
final class ServerNameEngine extends SSLEngine {
  private final SSLEngine delegate;
  private final List<SNIServerName> serverNames;

  private ServerNameEngine(SSLEngine delegate, List<SNIServerName> serverNames) {
    super(delegate.getPeerHost(), delegate.getPeerPort());
    this.delegate = delegate;
    this.serverNames = List.copyOf(serverNames);
    SSLParameters p = delegate.getSSLParameters();
    p.setServerNames(this.serverNames);
    delegate.setSSLParameters(p);
  }

  /** An {@link SSLContext} whose client engines send {@code serverNames} as SNI. */
  static SSLContext wrap(SSLContext context, List<SNIServerName> serverNames) {
    return new SSLContext(new Spi(context, serverNames), context.getProvider(), context.getProtocol()) {};
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    SSLParameters p = params; // the caller's object: copy the fields we keep rather than mutating it
    SSLParameters copy = new SSLParameters(p.getCipherSuites(), p.getProtocols());
    copy.setAlgorithmConstraints(p.getAlgorithmConstraints());
    copy.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
    copy.setSNIMatchers(p.getSNIMatchers());
    copy.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
    copy.setEnableRetransmissions(p.getEnableRetransmissions());
    copy.setMaximumPacketSize(p.getMaximumPacketSize());
    copy.setApplicationProtocols(p.getApplicationProtocols());
    if (p.getNeedClientAuth()) {
      copy.setNeedClientAuth(true);
    } else if (p.getWantClientAuth()) {
      copy.setWantClientAuth(true);
    }
    copy.setServerNames(serverNames);
    delegate.setSSLParameters(copy);
  }

  @Override
  public SSLParameters getSSLParameters() {
    return delegate.getSSLParameters();
  }

  @Override
  public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
    return delegate.wrap(srcs, offset, length, dst);
  }

  @Override
  public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
    return delegate.unwrap(src, dsts, offset, length);
  }

  @Override
  public Runnable getDelegatedTask() {
    return delegate.getDelegatedTask();
  }

  @Override
  public void closeInbound() throws SSLException {
    delegate.closeInbound();
  }

  @Override
  public boolean isInboundDone() {
    return delegate.isInboundDone();
  }

  @Override
  public void closeOutbound() {
    delegate.closeOutbound();
  }

  @Override
  public boolean isOutboundDone() {
    return delegate.isOutboundDone();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return delegate.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    delegate.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return delegate.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return delegate.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    delegate.setEnabledProtocols(protocols);
  }

  @Override
  public SSLSession getSession() {
    return delegate.getSession();
  }

  @Override
  public SSLSession getHandshakeSession() {
    return delegate.getHandshakeSession();
  }

  @Override
  public void beginHandshake() throws SSLException {
    delegate.beginHandshake();
  }

  @Override
  public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
    return delegate.getHandshakeStatus();
  }

  @Override
  public void setUseClientMode(boolean mode) {
    delegate.setUseClientMode(mode);
  }

  @Override
  public boolean getUseClientMode() {
    return delegate.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    delegate.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return delegate.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    delegate.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return delegate.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    delegate.setEnableSessionCreation(flag);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return delegate.getEnableSessionCreation();
  }

  @Override
  public String getApplicationProtocol() {
    return delegate.getApplicationProtocol();
  }

  @Override
  public String getHandshakeApplicationProtocol() {
    return delegate.getHandshakeApplicationProtocol();
  }

  @Override
  public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
    delegate.setHandshakeApplicationProtocolSelector(selector);
  }

  @Override
  public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
    return delegate.getHandshakeApplicationProtocolSelector();
  }

  /** Delegates to the real context, wrapping the engines it creates. */
  private static final class Spi extends SSLContextSpi {
    private final SSLContext context;
    private final List<SNIServerName> serverNames;

    Spi(SSLContext context, List<SNIServerName> serverNames) {
      this.context = context;
      this.serverNames = serverNames;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
      throw new KeyManagementException("already initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context.getSocketFactory(); // blocking sockets are not used by kubeloop; no SNI override there
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return new ServerNameEngine(context.createSSLEngine(), serverNames);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return new ServerNameEngine(context.createSSLEngine(host, port), serverNames);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context.getSupportedSSLParameters();
    }
  }
}
