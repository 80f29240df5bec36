package io.meshward.bench;

import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpLocation;
import io.meshward.waf.dlp.DlpScan;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DLP scan throughput on a 64 KB JSON response body (an API's page of orders: ids, timestamps, amounts, UUIDs, names,
 * addresses, free text; one card number and one SSN planted), with the default sensors and with every sensor on.
 * Target of issue 6: at least 200 MB/s per core with the default set. Throughput = 65,536 bytes / (µs per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class DlpScanBenchmark {
  static final int SIZE = 64 * 1024;

  @Param({"defaults", "all"})
  public String sensors;

  private DlpEngine engine;
  private String body;

  @Setup
  public void setUp() throws Exception {
    engine = DlpEngine.compile(sensors.equals("all") ? BuiltinSensors.all() : BuiltinSensors.defaults());
    body = ordersJson(SIZE);
    DlpScan scan = engine.scan(DlpLocation.RESPONSE_BODY, body);
    // The numbers mean nothing unless the planted values are found.
    if (scan.findings().stream().noneMatch(f -> f.sensor().equals("payment-card"))
        || scan.findings().stream().noneMatch(f -> f.sensor().equals("us-ssn"))) {
      throw new IllegalStateException("the planted card and SSN were not found: " + scan.findings());
    }
  }

  @Benchmark
  public DlpScan scan64k() {
    return engine.scan(DlpLocation.RESPONSE_BODY, body);
  }

  /** A JSON page of orders of about {@code size} bytes (one char per byte), with a card and an SSN in the middle. */
  public static String ordersJson(int size) {
    Random random = new Random(11);
    String[] names = {"Alice Martin", "Bruno Silva", "Chen Wei", "Dana Cohen", "Emeka Obi", "Fatima Zahra"};
    String[] streets = {"12 Garden Lane", "4 Harbour Road", "77 Market Street", "9 Rue des Lilas"};
    String[] notes = {"Leave at the door", "Ring twice, dog is friendly", "Gift wrap please", "Call on arrival",
        "Fragile: ceramic planters", ""};
    StringBuilder out = new StringBuilder(size + 512);
    out.append("{\"page\":1,\"orders\":[");
    int i = 0;
    while (out.length() < size - 400) {
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"id\":").append(1_000_000 + i)
          .append(",\"uuid\":\"").append(new java.util.UUID(random.nextLong(), random.nextLong())).append('"')
          .append(",\"created\":").append(1_732_000_000_000L + random.nextInt(1_000_000_000))
          .append(",\"customer\":{\"name\":\"").append(names[random.nextInt(names.length)])
          .append("\",\"address\":\"").append(streets[random.nextInt(streets.length)])
          .append("\",\"zip\":\"").append(10000 + random.nextInt(89999)).append("\"}")
          .append(",\"items\":[{\"sku\":\"SKU-").append(100000 + random.nextInt(899999)).append("\",\"qty\":")
          .append(1 + random.nextInt(5)).append(",\"price\":").append(random.nextInt(20000) / 100.0).append("}]")
          .append(",\"total\":").append(random.nextInt(50000) / 100.0)
          .append(",\"status\":\"").append(i % 3 == 0 ? "shipped" : "pending").append('"')
          .append(",\"note\":\"").append(notes[random.nextInt(notes.length)]).append('"');
      if (i == 40) {
        out.append(",\"payment\":{\"card\":\"4111 1111 1111 1111\",\"holder_ssn\":\"123-45-6789\"}");
      }
      out.append('}');
      i++;
    }
    out.append("]}");
    return out.toString();
  }
}
