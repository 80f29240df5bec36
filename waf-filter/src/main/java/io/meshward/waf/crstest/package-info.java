/**
 * The CRS conformance runner: CRS's go-ftw regression tests, run in-process against meshward's SecLang engine.
 *
 * <p>For each stage of {@code CRS/tests/regression/tests/**}{@code /*.yaml} (and {@code .yml}):
 * <ol>
 *   <li>{@link io.meshward.waf.crstest.FtwYamlReader} reads the test (go-ftw's v4 format, or the old FTW format of
 *       CRS v3.3) into {@link io.meshward.waf.crstest.FtwTestFile} / {@link io.meshward.waf.crstest.FtwTestCase} /
 *       {@link io.meshward.waf.crstest.FtwStage};</li>
 *   <li>{@link io.meshward.waf.crstest.FtwRequestBuilder} produces the bytes go-ftw would send (sorted headers,
 *       autocompleted Content-Type / Content-Length / Connection, Go-template data, encoded requests);</li>
 *   <li>{@link io.meshward.waf.crstest.HttpServerEmulator} parses them as Apache httpd 2.4 (strict) would: a
 *       malformed request is answered 400 (414, 417) by the server itself and never reaches the WAF;</li>
 *   <li>{@link io.meshward.waf.crstest.StageExecutor} feeds the accepted request to a WAF transaction, asks
 *       {@link io.meshward.waf.crstest.AlbedoBackend} (CRS's test backend: {@code /reflect}, else an empty 200) for
 *       the response, feeds that to the WAF, and collects the match log ({@code MatchedRule.errorLogLine()} of every
 *       logged match);</li>
 *   <li>{@link io.meshward.waf.crstest.StageChecker} applies go-ftw's assertions to what the client saw and to the
 *       log.</li>
 * </ol>
 * {@link io.meshward.waf.crstest.CrsRegression} runs all stages in parallel and returns a
 * {@link io.meshward.waf.crstest.Report}; {@link io.meshward.waf.crstest.CrsRegressionMain} is its command line
 * (for {@code meshward waf crs-test}). The engine is configured by the resource {@code crs-test-setup.conf} (CRS's
 * test set-up, loaded before CRS; see {@link io.meshward.waf.crstest.CrsTestSetup}).
 *
 * <p>The project's overrides ({@link io.meshward.waf.crstest.CrsOverrides}) are the resource
 * {@code src/main/resources/io/meshward/waf/crstest/crs-overrides.yaml}: it ships with the runner, so the command
 * line applies it too. It lists skipped stages (HTTP-server parsing only, at most 25, each with a reason) and known
 * failures (reported as failures; CI tolerates exactly that list).
 */
package io.meshward.waf.crstest;
