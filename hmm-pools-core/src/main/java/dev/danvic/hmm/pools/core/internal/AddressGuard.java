package dev.danvic.hmm.pools.core.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the transport away from link-local and cloud metadata addresses: {@code 169.254.0.0/16}
 * (where clouds serve instance credentials at {@code 169.254.169.254}), IPv6 link-local
 * {@code fe80::/10} and AWS's {@code fd00:ec2::254}. A pool URL, or a redirect, naming such an
 * address, or a host name resolving to one, is refused before any connection is made. Private LAN
 * ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7} other than the metadata
 * address) and loopback stay allowed: home pools live there. Not API.
 *
 * <p>Three checks, so that every way to an address meets one: a {@link Dns} wrapper (names, on
 * the addresses they resolve to), a socket factory whose sockets check the address they are asked
 * to connect to (IP literals, which OkHttp never resolves, redirects included), and {@link
 * #checkLiteral} for the first request's literal host when the application's client brings a
 * socket factory of its own.
 */
public final class AddressGuard {
  private static final byte[] AWS_METADATA_V6 = v6("fd00:ec2::254");

  private AddressGuard() {}

  /** What a refused address fails with; a connection error that is never retried. */
  public static final class RefusedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    RefusedAddressException(String host, InetAddress address) {
      super(
          "refused to connect to "
              + (host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")")
              + ": a link-local or cloud metadata address, which a pool never needs; allow it with"
              + " HttpPoolTransport.Builder.allowLinkLocalAddresses(true)");
    }
  }

  /**
   * @param address an address
   * @return whether it is link-local ({@code 169.254.0.0/16}, {@code fe80::/10}) or AWS's IPv6
   *     metadata address {@code fd00:ec2::254}
   */
  public static boolean isRefused(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
        return true; // fe80::/10
      }
      if (Arrays.equals(b, AWS_METADATA_V6)) {
        return true;
      }
      // ::ffff:169.254.x.x, should a resolver hand one over unconverted
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      return mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
          && (b[12] & 0xff) == 169 && (b[13] & 0xff) == 254;
    }
    return false;
  }

  /**
   * @param base the resolver to ask
   * @return a resolver that drops refused addresses from an answer, and refuses a name that
   *     resolves to nothing else
   */
  public static Dns dns(Dns base) {
    return host -> {
      List<InetAddress> all = base.lookup(host);
      List<InetAddress> allowed = new ArrayList<>(all.size());
      InetAddress refused = null;
      for (InetAddress a : all) {
        if (isRefused(a)) {
          refused = a;
        } else {
          allowed.add(a);
        }
      }
      if (allowed.isEmpty() && refused != null) {
        throw new RefusedAddressException(host, refused);
      }
      return allowed;
    };
  }

  /**
   * @param url a request's URL
   * @throws RefusedAddressException when its host is an IP literal of a refused address
   */
  public static void checkLiteral(HttpUrl url) throws RefusedAddressException {
    InetAddress literal = literal(url.host());
    if (literal != null && isRefused(literal)) {
      throw new RefusedAddressException(url.host(), literal);
    }
  }

  private static @Nullable InetAddress literal(String host) {
    boolean v4 = host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    boolean v6 = host.indexOf(':') >= 0;
    if (!v4 && !v6) {
      return null; // a name: never resolved here
    }
    try {
      return InetAddress.getByName(host); // a literal: parsed, no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * @return a socket factory for plain sockets whose {@code connect} refuses a refused address
   *     before connecting
   */
  public static SocketFactory socketFactory() {
    return new GuardedSocketFactory();
  }

  /**
   * @param endpoint where a socket is about to connect
   * @throws RefusedAddressException when that is a refused address
   */
  static void check(SocketAddress endpoint) throws RefusedAddressException {
    if (endpoint instanceof InetSocketAddress isa && isa.getAddress() != null && isRefused(isa.getAddress())) {
      throw new RefusedAddressException(isa.getHostString(), isa.getAddress());
    }
  }

  /** Plain sockets, each checking its address before connecting. */
  static final class GuardedSocketFactory extends SocketFactory {
    @Override
    public Socket createSocket() {
      return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localHost, localPort));
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(localAddress, localPort));
      s.connect(new InetSocketAddress(address, port));
      return s;
    }

    private Socket connected(SocketAddress to) throws IOException {
      Socket s = createSocket();
      s.connect(to);
      return s;
    }
  }

  /**
   * A plain socket that checks the address before connecting: the one place that sees every
   * address OkHttp connects to, IP literals and redirects included.
   */
  static final class GuardedSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      check(endpoint);
      super.connect(endpoint, timeout);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }
  }

  private static byte[] v6(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
