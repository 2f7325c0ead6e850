package dev.danvic.hmm.pools.simulator;

/** One pool's HTTP API: answers a GET request from the simulated numbers. */
interface PoolApi {
  /**
   * Answers one request. Called on the shared executor's threads, possibly concurrently.
   *
   * @param request the request
   * @return the answer; a path the API does not serve answers 404
   */
  SimResponse answer(SimRequest request);
}
