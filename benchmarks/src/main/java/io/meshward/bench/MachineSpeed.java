package io.meshward.bench;

/**
 * How fast this machine is right now: a fixed CPU-bound loop (400 million increments in a 256 KB array, data
 * dependent so that nothing is hoisted), timed a few times. Shared and virtual machines change speed within the hour;
 * printing this beside a benchmark's numbers tells a slower machine from slower code.
 *
 * <p>Usage: {@code java -cp meshward-benchmarks.jar io.meshward.bench.MachineSpeed [rounds]}; prints one line per
 * round, in milliseconds (smaller is faster).
 */
public final class MachineSpeed {
  private MachineSpeed() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int[] counters = new int[1 << 16];
    long checksum = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      long x = checksum;
      for (int i = 0; i < 400_000_000; i++) {
        x += counters[(int) (x ^ i) & 0xFFFF]++;
      }
      checksum = x;
      System.out.printf("round %d: %d ms%n", round + 1, (System.nanoTime() - start) / 1_000_000);
    }
    System.out.println("checksum " + checksum);
  }
}
