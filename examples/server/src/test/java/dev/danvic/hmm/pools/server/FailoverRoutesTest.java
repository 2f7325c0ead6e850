package dev.danvic.hmm.pools.server;

import static dev.danvic.hmm.pools.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover groups over HTTP: a group moves its simulated AxeOS rig (a local server on loopback) to
 * the backup pool when the primary goes down and back when it recovers; a dry-run group only
 * advises. Hysteresis and dwell are proven on an injected clock in the alerts module (FailoverTest);
 * here the group's times are zero so the moves follow the refreshes at once.
 */
class FailoverRoutesTest {
  @TempDir Path dir;
  ServerFixture f;
  MockWebServer rig;
  MockWebServer dryRig;
  String mmfpId;

  @BeforeEach
  void start() throws Exception {
    f = ServerFixture.start(dir);
    rig = new MockWebServer();
    rig.start(InetAddress.getByName("127.0.0.1"), 0);
    dryRig = new MockWebServer();
    dryRig.start(InetAddress.getByName("127.0.0.1"), 0);
    mmfpId = json(f.post("/pools", f.mmfpBody("Backup MMFP"))).get("id").asText();
  }

  @AfterEach
  void stop() {
    rig.close();
    dryRig.close();
    f.close();
  }

  private String group(String id, MockWebServer device, String extra) {
    return "{\"id\":\"" + id + "\",\"miner\":\"bitaxe-1\",\"pool_ids\":[\"" + ServerFixture.SOLOPOOL_ID + "\",\"" + mmfpId + "\"],"
        + "\"fail_after_minutes\":0,\"recover_after_minutes\":0,\"min_dwell_minutes\":0,"
        + "\"axeos_url\":\"" + device.url("/") + "\",\"stratum_user\":\"bc1qexample.bitaxe\"" + extra + "}";
  }

  private void assertBad(HttpResponse<String> r, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo(field);
  }

  @Test
  void aGroupMovesItsRigToTheBackupAndBackAndADryGroupOnlyAdvises() throws Exception {
    assertThat(f.post("/failover/groups", group("live", rig, ",\"apply\":true")).statusCode()).isEqualTo(201);
    assertThat(f.post("/failover/groups", group("dry", dryRig, "")).statusCode()).isEqualTo(201);
    for (int i = 0; i < 4; i++) {
      rig.enqueue(new MockResponse.Builder().code(200).build());
    }
    refresh(mmfpId);
    refresh(ServerFixture.SOLOPOOL_ID);

    f.solopool.setDown(true);
    refresh(ServerFixture.SOLOPOOL_ID);
    RecordedRequest patch = rig.takeRequest(20, TimeUnit.SECONDS);
    assertThat(patch).isNotNull();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getTarget()).isEqualTo("/api/system");
    JsonNode settings = ServerFixture.JSON.readTree(patch.getBody().utf8());
    assertThat(settings.get("stratumURL").asText()).isEqualTo("127.0.0.1");
    assertThat(settings.get("stratumPort").asInt()).isEqualTo(3333); // the MMFP pool's stratum port
    assertThat(settings.get("stratumUser").asText()).isEqualTo("bc1qexample.bitaxe");
    assertThat(rig.takeRequest(20, TimeUnit.SECONDS).getTarget()).isEqualTo("/api/system/restart");
    JsonNode groups = json(f.get("/failover/groups"));
    assertThat(groups.get(0).get("current_pool").asText()).isEqualTo(mmfpId);
    assertThat(groups.get(1).get("current_pool").asText()).isEqualTo(mmfpId); // advised, not acted on
    JsonNode events = json(f.get("/alerts/events")).get("events");
    assertThat(events).extracting(ev -> ev.get("rule_id").asText() + " " + ev.get("message").asText())
        .filteredOn(m -> m.contains("move bitaxe-1 from " + ServerFixture.SOLOPOOL_ID + " to " + mmfpId + ": "))
        .hasSize(2) // one advice per group, recorded like an alert
        .anyMatch(m -> m.startsWith("live "))
        .anyMatch(m -> m.startsWith("dry "));

    f.solopool.setDown(false);
    refresh(ServerFixture.SOLOPOOL_ID);
    RecordedRequest back = rig.takeRequest(20, TimeUnit.SECONDS);
    assertThat(ServerFixture.JSON.readTree(back.getBody().utf8()).get("stratumPort").asInt()).isEqualTo(3334); // Solopool's
    assertThat(rig.takeRequest(20, TimeUnit.SECONDS).getTarget()).isEqualTo("/api/system/restart");
    refresh(ServerFixture.SOLOPOOL_ID);
    refresh(mmfpId);
    assertThat(rig.takeRequest(1, TimeUnit.SECONDS)).as("no further move while nothing changes").isNull();
    assertThat(rig.getRequestCount()).isEqualTo(4);
    assertThat(dryRig.getRequestCount()).as("a dry-run group never calls its miner").isZero();
  }

  @Test
  void groupsAreChangedAndDeletedAndBadOnesNameTheirField() {
    assertThat(f.post("/failover/groups", group("g", rig, "")).statusCode()).isEqualTo(201);
    assertThat(f.post("/failover/groups", group("g", rig, "")).statusCode()).isEqualTo(409);
    HttpResponse<String> changed = f.put("/failover/groups/g", group("g", rig, ",\"max_latency_ms\":900"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(json(f.get("/failover/groups")).get(0).get("max_latency_ms").asDouble()).isEqualTo(900.0);
    assertThat(f.delete("/failover/groups/g").statusCode()).isEqualTo(204);
    assertThat(f.delete("/failover/groups/g").statusCode()).isEqualTo(404);

    assertBad(f.post("/failover/groups", "{\"pool_ids\":[\"" + mmfpId + "\"]}"), "pool_ids");
    assertBad(f.post("/failover/groups", "{\"pool_ids\":[\"" + mmfpId + "\",\"nope\"]}"), "pool_ids");
    assertBad(f.post("/failover/groups", "{\"pool_ids\":[\"" + mmfpId + "\",\"" + ServerFixture.SOLOPOOL_ID + "\"],"
        + "\"fail_after_minutes\":10,\"recover_after_minutes\":1}"), "recover_after");
    assertBad(f.post("/failover/groups", group("x", rig, ",\"apply\":\"yes\"")), "apply");
    assertBad(f.post("/failover/groups", group("x", rig, ",\"min_dwell_minutes\":-1")), "min_dwell_minutes");
    assertBad(f.post("/failover/groups", "{\"pool_ids\":[],\"axeos_url\":\"not a url\"}"), "axeos_url");
    assertThat(f.send(HttpRequest.newBuilder(f.uri("/failover/groups")).header("Content-Type", "application/json")
        .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(group("y", rig, "")))).statusCode())
        .isEqualTo(403);
    assertThat(json(f.get("/failover/groups"))).isEmpty();
  }

  private void refresh(String poolId) throws Exception {
    f.server.service().invalidate(poolId);
    f.server.service().health(poolId).get(30, TimeUnit.SECONDS);
    f.server.service().poolTiles(poolId).get(30, TimeUnit.SECONDS);
  }
}
