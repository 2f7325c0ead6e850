package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.apiFailureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Link-local and metadata addresses are refused before any connection; LAN and loopback are not.
 * No packet leaves loopback: names resolve through the test's own table, and the client's sockets
 * record every address they are asked to connect to and refuse any outside 127.0.0.0/8.
 */
class HttpPoolTransportAddressGuardTest {
  private static final Map<String, String> NAMES =
      Map.of(
          "metadata.test", "169.254.169.254",
          "v6-metadata.test", "fd00:ec2::254",
          "v6-link-local.test", "fe80::1",
          "lan.test", "192.168.1.20",
          "pool.test", "127.0.0.1");

  private final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
  private MockWebServer server;
  private HttpPoolTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
  }

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
    server.close();
  }

  private final Map<String, Integer> lookups = new java.util.concurrent.ConcurrentHashMap<>();

  private final Dns table =
      host -> {
        lookups.merge(host, 1, Integer::sum);
        String address = NAMES.get(host);
        if (address == null) {
          throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
      };

  /** Sockets that record where they would connect and only ever connect to loopback. */
  private final SocketFactory recording =
      new SocketFactory() {
        @Override
        public Socket createSocket() {
          return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
              InetSocketAddress isa = (InetSocketAddress) endpoint;
              connects.add(isa);
              if (isa.getAddress() == null || !isa.getAddress().isLoopbackAddress()) {
                throw new java.net.ConnectException("test sockets connect to loopback only: " + isa);
              }
              super.connect(endpoint, timeout);
            }
          };
        }

        @Override
        public Socket createSocket(String h, int p) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(String h, int p, InetAddress l, int lp) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress h, int p) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress h, int p, InetAddress l, int lp) {
          throw new UnsupportedOperationException();
        }
      };

  private HttpPoolTransport transport(boolean allow) {
    OkHttpClient client = new OkHttpClient.Builder().dns(table).socketFactory(recording).build();
    transport = HttpPoolTransport.builder().okHttpClient(client).allowLinkLocalAddresses(allow).build();
    return transport;
  }

  private PoolApiException failure(String url) {
    return apiFailureOf(
        transport.context("pool-1", transport.clock().instant().plusSeconds(10)).getJson(PoolRequest.get(url)));
  }

  private List<InetSocketAddress> nonLoopbackConnects() {
    return connects.stream().filter(a -> a.getAddress() == null || !a.getAddress().isLoopbackAddress()).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"metadata.test", "v6-metadata.test", "v6-link-local.test"})
  void aNameResolvingToAMetadataOrLinkLocalAddressIsRefusedBeforeConnecting(String host) {
    transport(false);
    PoolApiException e = failure("http://" + host + ":8080/latest/meta-data/");
    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.getMessage()).contains("refused to connect to " + host).contains("link-local or cloud metadata")
        .contains("allowLinkLocalAddresses");
    assertThat(connects).isEmpty();
    assertThat(lookups.get(host)).as("asked once: a refused address is never retried").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "[fd00:ec2::254]", "[fe80::1]", "[febf::1]"})
  void anIpLiteralOfSuchAnAddressIsRefusedBeforeConnecting(String host) {
    transport(false);
    PoolApiException e = failure("http://" + host + "/latest/meta-data/");
    assertThat(e.getMessage()).contains("refused to connect to").contains("link-local or cloud metadata");
    assertThat(connects).isEmpty();
  }

  @Test
  void aRedirectToSuchANameIsRefusedToo() {
    transport(false);
    server.enqueue(
        new MockResponse.Builder().code(302).setHeader("Location", "http://metadata.test/latest/").build());
    PoolApiException e = failure("http://pool.test:" + server.getPort() + "/api/stats");
    assertThat(e.getMessage()).contains("refused to connect to metadata.test (169.254.169.254)");
    assertThat(nonLoopbackConnects()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void privateLanAndLoopbackStayAllowed() throws Exception {
    transport(false);
    server.enqueue(json(200, "{\"ok\": true}"));
    String viaName = "http://pool.test:" + server.getPort() + "/api/stats";
    assertThat(transport.context("pool-1").getJson(PoolRequest.get(viaName)).get().get("ok").asBoolean()).isTrue();
    // a LAN address is not refused by the guard: the attempt reaches the (recording) socket
    PoolApiException lan = failure("http://lan.test:4004/api/v1/health");
    assertThat(lan.getMessage()).doesNotContain("link-local");
    assertThat(nonLoopbackConnects()).extracting(a -> a.getAddress().getHostAddress()).contains("192.168.1.20");
  }

  @Test
  void allowingThemLetsTheAttemptThrough() {
    transport(true);
    PoolApiException e = failure("http://metadata.test:8080/latest/meta-data/");
    assertThat(e.getMessage()).doesNotContain("link-local");
    // reached the socket, which (being a test socket) refused to send anything
    assertThat(connects).extracting(a -> a.getAddress().getHostAddress()).contains("169.254.169.254");
  }
}
