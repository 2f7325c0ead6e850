package dev.danvic.hmm.pools.core.internal;

import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttp client (or clients) a transport sends through. Building an OkHttp client with TLS
 * loads the platform's trust store and SSL context (about 400 classes and the parsing of every
 * trusted certificate, tens of milliseconds in a fresh JVM) even when every pool is plain
 * {@code http}. So a transport that builds its own client builds it in two halves that share one
 * dispatcher, connection pool, interceptors, timeouts, DNS and socket factory: a cleartext half for
 * {@code http} URLs, built at once, and the TLS half for {@code https} URLs, built on the first
 * {@code https} request with OkHttp's default connection specs, trust store and host name
 * verification, exactly as a client built in one go would have them. The application's own client
 * is used as it is for both. Not API.
 */
public final class TransportClients {
  /** OkHttp's default connection specs: modern TLS, and cleartext for {@code http} URLs. */
  static final List<ConnectionSpec> DEFAULT_SPECS = List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

  private final OkHttpClient first;
  private volatile @Nullable OkHttpClient tls;

  private TransportClients(OkHttpClient first, boolean tlsOnDemand) {
    this.first = first;
    this.tls = tlsOnDemand ? null : first;
  }

  /**
   * @param client the application's client, already built: it serves every URL
   * @return clients that are that one client
   */
  public static TransportClients of(OkHttpClient client) {
    return new TransportClients(client, false);
  }

  /**
   * @param configured a builder the transport configured itself, with OkHttp's default connection
   *     specs, trust store and host name verifier (none of them set); not used afterwards
   * @return clients whose TLS half is built on the first {@code https} request
   */
  public static TransportClients tlsOnDemand(OkHttpClient.Builder configured) {
    return new TransportClients(configured.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build(), true);
  }

  /**
   * @param url the request's URL
   * @return the client that sends it
   */
  public OkHttpClient forUrl(HttpUrl url) {
    return url.isHttps() ? tls() : first;
  }

  /** @return the client whose dispatcher and connection pool every half shares */
  public OkHttpClient shared() {
    return first;
  }

  /** @return whether the TLS half exists (always with the application's own client) */
  public boolean tlsBuilt() {
    return tls != null;
  }

  private OkHttpClient tls() {
    OkHttpClient t = tls;
    if (t == null) {
      synchronized (this) {
        t = tls;
        if (t == null) {
          // the cleartext half's builder holds the shared dispatcher, pool, interceptors and
          // settings; with TLS specs and no socket factory of its own, OkHttp sets up the
          // platform's trust store and SSL context as for any default client
          t = first.newBuilder().connectionSpecs(DEFAULT_SPECS).build();
          tls = t;
        }
      }
    }
    return t;
  }
}
