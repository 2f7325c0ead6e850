package dev.danvic.hmm.pools.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.Dns;

/**
 * Name resolution that never asks a name server: loopback literals and {@code localhost} resolve,
 * every other name (the reserved {@code .invalid} domain included) fails as an unknown host.
 */
final class Loopback implements Dns {
  static final Loopback DNS = new Loopback();
  /** A name in the reserved {@code .invalid} domain: it can never resolve. */
  static final String UNRESOLVABLE_HOST = "pool.reliability.invalid";
  /** A name that resolves to the cloud metadata address {@code 169.254.169.254}. */
  static final String METADATA_HOST = "metadata.reliability.test";
  /**
   * Sockets that connect to loopback only: an attempt to connect anywhere else fails before a
   * packet is sent, so a case about a forbidden address can never reach one, whatever the library
   * under test does.
   */
  static final javax.net.SocketFactory SOCKETS = new LoopbackOnlySockets();

  private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private Loopback() {}

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    if ("localhost".equalsIgnoreCase(hostname)) {
      return List.of(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}));
    }
    if (METADATA_HOST.equalsIgnoreCase(hostname)) {
      return List.of(InetAddress.getByAddress(hostname, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
    }
    if (LOOPBACK_V4.matcher(hostname).matches()) {
      return List.of(InetAddress.getByName(hostname)); // a literal: parsed, not looked up
    }
    throw new UnknownHostException(hostname + ": the reliability suite resolves loopback names only");
  }

  /**
   * A port on 127.0.0.1 that refuses connections: bound by a socket that does not listen, so no
   * other program can take it while the returned socket is open.
   */
  static Socket refusingPort() {
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** See {@link #SOCKETS}. */
  private static final class LoopbackOnlySockets extends javax.net.SocketFactory {
    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public void connect(java.net.SocketAddress endpoint, int timeout) throws IOException {
          InetSocketAddress to = (InetSocketAddress) endpoint;
          if (to.getAddress() == null || !to.getAddress().isLoopbackAddress()) {
            throw new java.net.ConnectException("the reliability suite connects to loopback only, not " + to);
          }
          super.connect(endpoint, timeout);
        }
      };
    }

    // OkHttp asks for unconnected sockets only; the connected kinds would bypass the check
    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException("unconnected sockets only");
    }
  }
}
