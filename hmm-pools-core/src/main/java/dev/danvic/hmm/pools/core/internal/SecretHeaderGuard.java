package dev.danvic.hmm.pools.core.internal;

import java.io.IOException;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A network interceptor that strips secret headers from a request that a redirect sent to another
 * origin (scheme, host or port). OkHttp drops {@code Authorization} on such redirects but keeps
 * custom headers such as {@code Pool-Auth-Token}, which would hand the token to whoever the pool
 * (or an attacker in its place) redirects to. Not API.
 */
public final class SecretHeaderGuard implements Interceptor {

  /**
   * The tag a request carries when it holds secret headers.
   *
   * @param origin the URL the request was made for
   * @param names the names of its secret headers
   */
  public record Secrets(HttpUrl origin, Set<String> names) {}

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Secrets secrets = request.tag(Secrets.class);
    if (secrets != null && !sameOrigin(secrets.origin(), request.url())) {
      Request.Builder b = request.newBuilder();
      secrets.names().forEach(b::removeHeader);
      request = b.build();
    }
    return chain.proceed(request);
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}
