package dev.danvic.hmm.pools.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * The transport's own client: plain {@code http} never sets up TLS, and the TLS half built on the
 * first {@code https} request is the client OkHttp would have built in one go (its default specs,
 * the platform's trust store), sharing the dispatcher, pool, interceptors and timeouts.
 */
class TransportClientsTest {
  private static final HttpUrl PLAIN = HttpUrl.get("http://127.0.0.1/x");
  private static final HttpUrl SECURE = HttpUrl.get("https://127.0.0.1/x");

  /** The address guard's resolver and sockets: both halves must go through them. */
  private static final Dns GUARDED_DNS = host -> Dns.SYSTEM.lookup(host);
  private static final SocketFactory GUARDED_SOCKETS = AddressGuard.socketFactory();

  private static OkHttpClient.Builder configured(Dispatcher dispatcher, ConnectionPool pool, Interceptor guard) {
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(pool)
        .dns(GUARDED_DNS)
        .socketFactory(GUARDED_SOCKETS)
        .connectTimeout(3, TimeUnit.SECONDS)
        .readTimeout(7, TimeUnit.SECONDS)
        .addNetworkInterceptor(guard);
  }

  @Test
  void plainHttpNeverBuildsTheTlsHalfAndHttpsBuildsItWithEverythingShared() {
    Dispatcher dispatcher = new Dispatcher();
    ConnectionPool pool = new ConnectionPool();
    Interceptor guard = chain -> chain.proceed(chain.request());
    TransportClients clients = TransportClients.tlsOnDemand(configured(dispatcher, pool, guard));

    OkHttpClient plain = clients.forUrl(PLAIN);
    assertThat(clients.tlsBuilt()).as("an http request needs no TLS").isFalse();
    assertThat(plain.x509TrustManager()).isNull();

    OkHttpClient tls = clients.forUrl(SECURE);
    assertThat(clients.tlsBuilt()).isTrue();
    assertThat(clients.forUrl(SECURE)).as("built once").isSameAs(tls);
    assertThat(tls.x509TrustManager()).as("the platform's trust store").isNotNull();
    assertThat(tls.connectionSpecs()).isEqualTo(new OkHttpClient.Builder().build().connectionSpecs());
    assertThat(tls.hostnameVerifier()).isSameAs(new OkHttpClient.Builder().build().hostnameVerifier());
    for (OkHttpClient c : List.of(plain, tls)) {
      assertThat(c.dispatcher()).isSameAs(dispatcher);
      assertThat(c.connectionPool()).isSameAs(pool);
      assertThat(c.networkInterceptors()).containsExactly(guard);
      assertThat(c.connectTimeoutMillis()).isEqualTo(3000);
      assertThat(c.readTimeoutMillis()).isEqualTo(7000);
      assertThat(c.dns()).as("the address guard's resolver").isSameAs(GUARDED_DNS);
      assertThat(c.socketFactory()).as("the address guard's sockets").isSameAs(GUARDED_SOCKETS);
    }
    assertThat(clients.shared().dispatcher()).isSameAs(dispatcher);
    dispatcher.executorService().shutdown();
  }

  @Test
  void theDefaultSpecsAreOkHttpsDefaults() {
    assertThat(TransportClients.DEFAULT_SPECS).isEqualTo(new OkHttpClient.Builder().build().connectionSpecs());
  }

  @Test
  void theApplicationsClientServesEveryUrl() {
    OkHttpClient own = new OkHttpClient.Builder().build();
    TransportClients clients = TransportClients.of(own);
    assertThat(clients.forUrl(PLAIN)).isSameAs(own);
    assertThat(clients.forUrl(SECURE)).isSameAs(own);
    assertThat(clients.tlsBuilt()).isTrue();
  }

  @Test
  void theTlsHalfRefusesACertificateThePlatformDoesNotTrust() throws Exception {
    HeldCertificate self =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").commonName("self-signed").build();
    HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(self).build();
    try (MockWebServer https = new MockWebServer()) {
      https.useHttps(server.sslSocketFactory());
      https.enqueue(new MockResponse.Builder().body("{}").build());
      https.start(InetAddress.getByName("127.0.0.1"), 0);
      Dispatcher dispatcher = new Dispatcher();
      TransportClients clients =
          TransportClients.tlsOnDemand(configured(dispatcher, new ConnectionPool(), chain -> chain.proceed(chain.request())));
      HttpUrl url = https.url("/x");
      assertThat(url.isHttps()).isTrue();

      assertThatThrownBy(() -> {
            try (Response r = clients.forUrl(url).newCall(new Request.Builder().url(url).build()).execute()) {
              r.body().string();
            }
          })
          .isInstanceOf(SSLHandshakeException.class);
      dispatcher.executorService().shutdown();
    }
  }
}
