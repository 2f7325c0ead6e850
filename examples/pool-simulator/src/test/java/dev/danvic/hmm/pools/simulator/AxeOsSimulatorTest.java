package dev.danvic.hmm.pools.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AxeOsSimulatorTest {
  @Test
  void aPatchMovesItAndARestartIsCounted() throws Exception {
    try (AxeOsSimulator axe = new AxeOsSimulator("127.0.0.1", 3334, "bc1q.demo")) {
      HttpResponse<String> patch = Http.CLIENT.send(
          HttpRequest.newBuilder(URI.create(axe.baseUrl() + "/api/system"))
              .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stratumURL\":\"pool.test\",\"stratumPort\":3333,\"stratumUser\":\"u.w\"}"))
              .header("Content-Type", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(patch.statusCode()).isEqualTo(200);
      assertThat(axe.stratumUrl()).isEqualTo("pool.test");
      assertThat(axe.stratumPort()).isEqualTo(3333);
      assertThat(axe.stratumUser()).isEqualTo("u.w");
      assertThat(axe.patches()).isEqualTo(1);
      assertThat(Http.CLIENT.send(HttpRequest.newBuilder(URI.create(axe.baseUrl() + "/api/system/restart"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(axe.restarts()).isEqualTo(1);
      String info = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(axe.baseUrl() + "/api/system/info")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(Http.parse(info).get("stratumPort").asInt()).isEqualTo(3333);
      assertThat(Http.CLIENT.send(HttpRequest.newBuilder(URI.create(axe.baseUrl() + "/api/system"))
          .method("PATCH", HttpRequest.BodyPublishers.ofString("[1")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(400);
      assertThat(axe.patches()).as("a refused body changes nothing").isEqualTo(1);
    }
  }
}
