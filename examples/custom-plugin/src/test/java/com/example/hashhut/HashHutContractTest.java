package com.example.hashhut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * HashHut against the testkit's contract over real HTTP; the answers are the ones the plugin ships
 * for the server's demo ({@code META-INF/hmm-pools/demo.json}), so the demo shows what is tested.
 */
class HashHutContractTest extends PoolPluginContractTest {
  /** The demo answers: path -> JSON document. */
  static Map<String, String> demoAnswers() {
    try {
      JsonNode demo = new ObjectMapper().readTree(Fixtures.read("META-INF/hmm-pools/demo.json"));
      Map<String, String> out = new java.util.LinkedHashMap<>();
      demo.get("answers").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().toString()));
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected BasePoolIntegration plugin() {
    return new HashHutIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return PoolConfig.builder()
        .poolType(HashHutIntegration.POOL_TYPE)
        .url("stratum+tcp://btc.hashhut.example")
        .port(3333)
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return demoAnswers();
  }
}
