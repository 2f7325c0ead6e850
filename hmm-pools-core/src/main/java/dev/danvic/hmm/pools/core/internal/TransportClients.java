package dev.danvic.hmm.pools.core.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttp clients a transport sends through. Not API.
 *
 * <p>Building an OkHttp client with TLS loads the platform's trust store and SSL context (about 400
 * classes and the parsing of every trusted certificate, tens of milliseconds in a fresh JVM) even
 * when every pool is plain {@code http}. So a transport that builds its own client builds it in two
 * halves that share the dispatcher, the connection pools, interceptors, timeouts, DNS and socket
 * factory: a cleartext half, built at once, and a TLS half with OkHttp's default connection specs,
 * trust store and host name verification, built on the first request that needs it. Either half's
 * connection pools are split by host ({@link ConnectionShards}).
 *
 * <p>The cleartext half sends {@code http} URLs. It does not follow a redirect to {@code https}
 * (it cannot speak TLS): {@link #redirectsToTls} tells the transport to send such a request again,
 * and from then on every request goes through the TLS half, which speaks both and follows such
 * redirects itself, as a single client built in one go would have. The application's own client is
 * used as it is for everything.
 */
public final class TransportClients {
  /** OkHttp's default connection specs: modern TLS, and cleartext for {@code http} URLs. */
  static final List<ConnectionSpec> DEFAULT_SPECS = List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

  private final ConnectionShards cleartext;
  /** Whether the clients are the transport's own (else the application's: one client for all). */
  private final boolean own;
  /** The TLS half per shard, sharing that shard's connection pool; built on first use. */
  private final AtomicReferenceArray<OkHttpClient> tls;
  /** The first TLS client (shard 0's), whose trust store and SSL socket factory the others reuse. */
  private volatile @Nullable OkHttpClient tlsBase;
  /** Set once a pool redirected from {@code http} to {@code https}: every request uses TLS halves. */
  private volatile boolean tlsForAll;

  private TransportClients(ConnectionShards cleartext, boolean own) {
    this.cleartext = cleartext;
    this.own = own;
    this.tls = new AtomicReferenceArray<>(cleartext.shards());
  }

  /**
   * @param client the application's client, already built: it serves every URL
   * @return clients that are that one client
   */
  public static TransportClients of(OkHttpClient client) {
    return new TransportClients(ConnectionShards.single(client), false);
  }

  /**
   * @param configured a builder the transport configured itself, without connection pool, with
   *     OkHttp's default connection specs, trust store and host name verifier (none of them set);
   *     not used afterwards
   * @param settings the transport's settings (idle connection limits, per-host limit)
   * @return clients whose TLS half is built on the first request that needs it
   */
  public static TransportClients tlsOnDemand(OkHttpClient.Builder configured, TransportSettings settings) {
    configured.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).followSslRedirects(false);
    return new TransportClients(ConnectionShards.split(configured, settings), true);
  }

  /**
   * @param url the request's URL
   * @return the client that sends it
   */
  public OkHttpClient forUrl(HttpUrl url) {
    if (!own || !(url.isHttps() || tlsForAll)) {
      return cleartext.client(url);
    }
    int i = cleartext.index(url);
    OkHttpClient c = tls.get(i);
    if (c == null) {
      OkHttpClient base = tlsBase();
      c = i == 0 ? base : base.newBuilder().connectionPool(cleartext.client(i).connectionPool()).build();
      c = tls.compareAndSet(i, null, c) ? c : tls.get(i);
    }
    return c;
  }

  /**
   * Whether a response of the cleartext half is a redirect to {@code https} that it did not follow:
   * when so, every later request goes through the TLS half, and the caller sends this one again
   * (after closing the response).
   *
   * @param response a response the transport received
   * @return whether to send the request again through {@link #forUrl}
   */
  public boolean redirectsToTls(Response response) {
    if (!own || !response.isRedirect() || response.request().url().isHttps()) {
      return false; // the TLS half follows every redirect itself
    }
    String location = response.header("Location");
    HttpUrl to = location == null ? null : response.request().url().resolve(location);
    if (to == null || !to.isHttps()) {
      return false;
    }
    tlsForAll = true;
    return true;
  }

  /** @return the client whose dispatcher every half shares */
  public OkHttpClient shared() {
    return cleartext.first();
  }

  /** @return whether a TLS half exists (always with the application's own client) */
  public boolean tlsBuilt() {
    return !own || tlsBase != null;
  }

  /** @return connections, idle or in use, in every connection pool */
  public int connectionCount() {
    return cleartext.connectionCount(); // the TLS halves share the cleartext halves' pools
  }

  /** Closes the idle connections of every pool; connections in use carry on. */
  public void evictAll() {
    cleartext.evictAll();
  }

  private OkHttpClient tlsBase() {
    OkHttpClient t = tlsBase;
    if (t == null) {
      synchronized (this) {
        t = tlsBase;
        if (t == null) {
          // shard 0's cleartext builder holds the shared dispatcher, pool, interceptors and
          // settings; with TLS specs and no socket factory of its own, OkHttp sets up the
          // platform's trust store and SSL context as for any default client
          t = cleartext.first().newBuilder().connectionSpecs(DEFAULT_SPECS).followSslRedirects(true).build();
          tlsBase = t;
        }
      }
    }
    return t;
  }
}
