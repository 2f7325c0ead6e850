package dev.danvic.hmm.pools.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
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

  /** The transport's settings: 4096 idle connections kept, 5 per host (32 pools split by host). */
  private static final TransportSettings SETTINGS =
      new TransportSettings(
          Duration.ofSeconds(5), Duration.ofSeconds(10), 4L << 20, "test", 3, Duration.ofMillis(200), 2.0, 0.5,
          Duration.ofSeconds(10), 4096, 5, false, 4096, Duration.ofSeconds(300));

  private static OkHttpClient.Builder configured(Dispatcher dispatcher, Interceptor guard) {
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .dns(GUARDED_DNS)
        .socketFactory(GUARDED_SOCKETS)
        .connectTimeout(3, TimeUnit.SECONDS)
        .readTimeout(7, TimeUnit.SECONDS)
        .addNetworkInterceptor(guard);
  }

  @Test
  void plainHttpNeverBuildsTheTlsHalfAndHttpsBuildsItWithEverythingShared() {
    Dispatcher dispatcher = new Dispatcher();
    Interceptor guard = chain -> chain.proceed(chain.request());
    TransportClients clients = TransportClients.tlsOnDemand(configured(dispatcher, guard), SETTINGS);

    OkHttpClient plain = clients.forUrl(PLAIN);
    ConnectionPool pool = plain.connectionPool();
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
      assertThat(c.connectionPool()).as("one host's connections, in one pool").isSameAs(pool);
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
  void anHttpPoolThatRedirectsToHttpsIsSentAgainWithTlsAndEveryLaterRequestToo() throws Exception {
    HeldCertificate self =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").commonName("self-signed").build();
    HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(self).build();
    try (MockWebServer https = new MockWebServer();
        MockWebServer http = new MockWebServer()) {
      https.useHttps(server.sslSocketFactory());
      https.start(InetAddress.getByName("127.0.0.1"), 0);
      http.enqueue(new MockResponse.Builder().code(301).addHeader("Location", https.url("/api/stats")).build());
      http.start(InetAddress.getByName("127.0.0.1"), 0);
      Dispatcher dispatcher = new Dispatcher();
      TransportClients clients =
          TransportClients.tlsOnDemand(configured(dispatcher, chain -> chain.proceed(chain.request())), SETTINGS);
      HttpUrl moved = http.url("/api/stats");

      Response redirect = clients.forUrl(moved).newCall(new Request.Builder().url(moved).build()).execute();
      assertThat(redirect.code()).as("the cleartext half cannot follow it").isEqualTo(301);
      assertThat(clients.redirectsToTls(redirect)).isTrue();
      redirect.close();

      OkHttpClient again = clients.forUrl(moved);
      assertThat(clients.tlsBuilt()).isTrue();
      assertThat(again.connectionSpecs()).isEqualTo(TransportClients.DEFAULT_SPECS);
      assertThat(clients.forUrl(HttpUrl.get("http://127.0.0.9/other"))).as("every later request").isSameAs(clients.forUrl(HttpUrl.get("https://127.0.0.9/other")));
      // followed to the https server: the platform does not trust its self-signed certificate
      http.enqueue(new MockResponse.Builder().code(301).addHeader("Location", https.url("/api/stats")).build());
      assertThatThrownBy(() -> {
            try (Response r = again.newCall(new Request.Builder().url(moved).build()).execute()) {
              r.body().string();
            }
          })
          .isInstanceOf(SSLHandshakeException.class);
      dispatcher.executorService().shutdown();
    }
  }

  @Test
  void aRedirectToAnotherHttpUrlOrAnAnswerIsNotSentAgain() throws Exception {
    TransportClients clients =
        TransportClients.tlsOnDemand(configured(new Dispatcher(), chain -> chain.proceed(chain.request())), SETTINGS);
    Request request = new Request.Builder().url(PLAIN).build();
    for (Response r :
        List.of(
            new Response.Builder().request(request).protocol(okhttp3.Protocol.HTTP_1_1).code(200).message("OK").build(),
            new Response.Builder().request(request).protocol(okhttp3.Protocol.HTTP_1_1).code(302).message("Found")
                .header("Location", "http://127.0.0.2/y").build(),
            new Response.Builder().request(request).protocol(okhttp3.Protocol.HTTP_1_1).code(302).message("Found").build())) {
      assertThat(clients.redirectsToTls(r)).as(r.toString()).isFalse();
    }
    assertThat(clients.tlsBuilt()).isFalse();
    assertThat(TransportClients.of(new OkHttpClient()).redirectsToTls(
            new Response.Builder().request(request).protocol(okhttp3.Protocol.HTTP_1_1).code(301).message("Moved")
                .header("Location", "https://127.0.0.1/x").build()))
        .as("the application's client follows its own redirects")
        .isFalse();
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
          TransportClients.tlsOnDemand(configured(dispatcher, chain -> chain.proceed(chain.request())), SETTINGS);
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
