package dev.danvic.hmm.pools.alerts;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** What the shipped HTTP channels share: an id, a type, the application's client, a safe name. */
abstract class HttpChannel implements AlertChannel {
  private final String id;
  private final String type;
  private final OkHttpClient client;

  HttpChannel(String id, String type, OkHttpClient client) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = type;
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String type() {
    return type;
  }

  final CompletableFuture<Void> post(Request request) {
    return AlertHttp.post(client, request, toString());
  }

  /** @return the type and id only: the URL and tokens are secrets */
  @Override
  public final String toString() {
    return type + " channel '" + id + "'";
  }
}
