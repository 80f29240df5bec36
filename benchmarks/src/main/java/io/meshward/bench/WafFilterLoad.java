package io.meshward.bench;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.service.WafFilterConfig;
import io.meshward.waf.service.WafFilterServer;
import io.meshward.waf.service.respond.FindingHeaders;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load driver for waf-filter's ext_authz service: sends CheckRequests shaped as Envoy sends them, at a fixed rate
 * (open loop: the schedule does not wait for answers), over loopback to a waf-filter started in this JVM with the
 * default profile (CRS v4, paranoia level 1), in ENFORCE. Latency is measured from each request's scheduled send time
 * to its answer, so a stalled server shows up as latency rather than as fewer requests (no coordinated omission).
 *
 * <p>Mixes: {@code get} (benign GETs with browser headers), and {@code mixed} (60 % GET, 20 % 1 KB form POST, 15 %
 * 4 KB JSON POST, 5 % attacks: SQL injection and XSS in the query, which ENFORCE denies); and {@code responses}, which
 * goes through ext_proc instead: one stream per response, as meshward's sidecars send it (the request's attributes with
 * the response headers, then a 4 KB JSON body, BUFFERED), its latency running to the answer to the body. The driver
 * and the server share the JVM and the machine's cores, as a node's waf-filter shares it with the proxies that call
 * it.
 *
 * <p>With {@code --target host:port}, no server is started: the driver loads a waf-filter running elsewhere (for
 * example {@code ./meshward waf-filter}, whose default profile must be the one described above), as Envoy, a
 * process of its own, does. Then {@code cpu/req} is the driver's own CPU; the server's is read from its process.
 *
 * <p>Usage: {@code java -Dmeshward.crs=../shared/crs/v4 -cp meshward-benchmarks.jar io.meshward.bench.WafFilterLoad
 * [--mix get,mixed,responses] [--rates 1000,2000] [--seconds 30] [--warmup 15] [--target host:port]}.
 */
public final class WafFilterLoad {
  private static final int OUTSTANDING_LIMIT = 20_000;

  public static void main(String[] args) throws Exception {
    List<String> mixes = List.of("get", "mixed");
    List<Integer> rates = List.of(1000, 2000);
    int seconds = 30;
    int warmup = 15;
    String target = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mix" -> mixes = List.of(args[++i].split(","));
        case "--rates" -> rates = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--target" -> target = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: [--mix get,mixed,responses] [--rates 1000,2000] [--seconds 30] [--warmup 15] [--target host:port]");
      }
    }
    WafFilterServer server = null;
    InetSocketAddress address;
    if (target == null) {
      server = WafFilterServer.start(WafFilterConfig.defaults(WafRequests.crsDirectory())
          .withAddress(new InetSocketAddress("127.0.0.1", 0)));
      address = new InetSocketAddress("127.0.0.1", server.port());
    } else {
      int colon = target.lastIndexOf(':');
      address = new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }
    try {
      // Callbacks only record a latency: they run on the transport's thread, as Envoy's own client does its work.
      ManagedChannel channel = NettyChannelBuilder.forAddress(address).usePlaintext()
          .directExecutor().flowControlWindow(4 << 20).build();
      try {
        AuthorizationGrpc.AuthorizationStub stub = AuthorizationGrpc.newStub(channel);
        ExternalProcessorGrpc.ExternalProcessorStub processor = ExternalProcessorGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(Responses.routeMetadata()));
        System.out.printf("waf-filter load: JDK %s, %d cores, default profile (CRS v4 PL1), ENFORCE, %s%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
            server != null ? "in-process" : "server at " + target + " (cpu/req: this driver only)");
        System.out.printf("%-9s %6s %8s %9s %8s %11s %8s %8s %8s %8s %8s %9s%n", "mix", "rate", "sent", "answered",
            "denied", "uninspected", "p50 ms", "p90 ms", "p99 ms", "p99.9", "max ms", "cpu/req");
        for (String mix : mixes) {
          Target calls = mix.equals(Responses.MIX) ? new Responses(processor) : new Requests(mix, stub);
          // Warm up at the lowest rate: the JIT and the lazily built automata settle before anything is measured.
          run(mix, calls, rates.get(0), warmup, false);
          for (int rate : rates) {
            run(mix, calls, rate, seconds, true);
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** What the driver sends: one call per scheduled slot, each reporting to its {@link Call}. */
  private interface Target {
    void send(Call call);
  }

  /** One call's outcome: what its answers said, then its end. Answers arrive on the transport's thread. */
  private abstract static class Call {
    abstract void answered(boolean denied, boolean uninspected);

    abstract void ended(boolean failed);
  }

  private static void run(String mix, Target target, int rate, int seconds, boolean report)
      throws InterruptedException {
    Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong answered = new AtomicLong();
    AtomicLong denied = new AtomicLong();
    AtomicLong uninspected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    long total = (long) rate * seconds;
    double cpuBefore = SelfCpu.seconds();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    long sent = 0;
    for (long i = 0; i < total; i++) {
      long scheduled = start + i * 1_000_000_000L / rate;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (outstanding.get() > OUTSTANDING_LIMIT) {
        // The server cannot keep up at all; stop instead of exhausting memory (reported as unsent).
        break;
      }
      outstanding.incrementAndGet();
      sent++;
      target.send(new Call() {
        private boolean wasDenied;
        private boolean wasUninspected;

        @Override
        void answered(boolean deniedAnswer, boolean uninspectedAnswer) {
          wasDenied |= deniedAnswer;
          wasUninspected |= uninspectedAnswer;
        }

        @Override
        void ended(boolean failure) {
          recorder.recordValue(Math.max(0, System.nanoTime() - scheduled));
          if (failure) {
            failed.incrementAndGet();
          }
          if (wasDenied) {
            denied.incrementAndGet();
          }
          if (wasUninspected) {
            uninspected.incrementAndGet();
          }
          answered.incrementAndGet();
          outstanding.decrementAndGet();
        }
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    double cpu = SelfCpu.seconds() - cpuBefore;
    if (!report) {
      return;
    }
    Histogram h = recorder.getIntervalHistogram();
    System.out.printf(Locale.ROOT, "%-9s %6d %8d %9d %8d %11d %8.2f %8.2f %8.2f %8.2f %8.2f %7.0fus%s%n",
        mix, rate, sent, answered.get() - failed.get(), denied.get(), uninspected.get(),
        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, cpu / Math.max(1, answered.get()) * 1e6,
        failed.get() > 0 ? "  (" + failed.get() + " gRPC errors)" : sent < total ? "  (stopped: overloaded)" : "");
  }

  /**
   * Whether the server answered with its fail policy instead of a verdict (overloaded, time budget spent, engine
   * error): such answers are cheap, so a run with many of them measures less than it seems to.
   */
  private static boolean notInspected(CheckResponse response) {
    List<HeaderValueOption> headers = response.hasDeniedResponse() ? response.getDeniedResponse().getHeadersList()
        : response.getOkResponse().getHeadersList();
    for (HeaderValueOption option : headers) {
      if (option.getHeader().getKey().equals(FindingHeaders.ERROR)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an ext_proc answer carries the fail-policy header (see {@link #notInspected(CheckResponse)}). */
  private static boolean notInspected(ProcessingResponse response) {
    List<HeaderValueOption> headers = switch (response.getResponseCase()) {
      case RESPONSE_HEADERS -> response.getResponseHeaders().getResponse().getHeaderMutation().getSetHeadersList();
      case RESPONSE_BODY -> response.getResponseBody().getResponse().getHeaderMutation().getSetHeadersList();
      default -> List.of();
    };
    return headers.stream().anyMatch(option -> option.getHeader().getKey().equals(FindingHeaders.ERROR));
  }

  /** ext_proc: one stream per response; each message is sent when the previous one is answered. */
  private static final class Responses implements Target {
    static final String MIX = "responses";
    private final ExternalProcessorGrpc.ExternalProcessorStub stub;
    private final List<ProcessingRequest> messages;

    Responses(ExternalProcessorGrpc.ExternalProcessorStub stub) {
      this.stub = stub;
      this.messages = WafRequests.jsonResponseExchange();
    }

    static Metadata routeMetadata() {
      Metadata metadata = new Metadata();
      metadata.put(Metadata.Key.of("x-meshward-workload", Metadata.ASCII_STRING_MARSHALLER), "shop/catalog");
      metadata.put(Metadata.Key.of("x-meshward-mode", Metadata.ASCII_STRING_MARSHALLER), "ENFORCE");
      metadata.put(Metadata.Key.of("x-meshward-profile", Metadata.ASCII_STRING_MARSHALLER), "default");
      return metadata;
    }

    @Override
    public void send(Call call) {
      new StreamObserver<ProcessingResponse>() {
        private StreamObserver<ProcessingRequest> requests;
        private int answers;
        private boolean ended;

        void start() {
          synchronized (this) {
            requests = stub.process(this);
            requests.onNext(messages.get(0));
          }
        }

        @Override
        public synchronized void onNext(ProcessingResponse response) {
          call.answered(response.hasImmediateResponse(), notInspected(response));
          answers++;
          if (response.hasImmediateResponse() || answers == messages.size()) {
            requests.onCompleted();
          } else {
            requests.onNext(messages.get(answers));
          }
        }

        @Override
        public synchronized void onError(Throwable t) {
          end(true);
        }

        @Override
        public synchronized void onCompleted() {
          end(false);
        }

        private void end(boolean failed) {
          if (!ended) {
            ended = true;
            call.ended(failed);
          }
        }
      }.start();
    }
  }

  /** The requests of a mix, drawn with a fixed seed so that runs are comparable. */
  private static final class Requests implements Target {
    final String mix;
    private final AuthorizationGrpc.AuthorizationStub stub;
    private final CheckRequest get;
    private final CheckRequest form;
    private final CheckRequest json;
    private final List<CheckRequest> attacks = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);

    Requests(String mix, AuthorizationGrpc.AuthorizationStub stub) {
      if (!mix.equals("get") && !mix.equals("mixed")) {
        throw new IllegalArgumentException("unknown mix " + mix + " (get, mixed, " + Responses.MIX + ")");
      }
      this.mix = mix;
      this.stub = stub;
      WafRequests shapes = new WafRequests();
      get = check("GET", "/catalog/products?category=garden&page=2&sort=price", null, null);
      form = check("POST", "/account/profile", "application/x-www-form-urlencoded", shapes.formBody);
      json = check("POST", "/api/orders", "application/json", shapes.jsonBody);
      attacks.add(check("GET", "/catalog/products?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--",
          null, null));
      attacks.add(check("GET", "/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E", null, null));
    }

    @Override
    public void send(Call call) {
      stub.check(next(), new StreamObserver<>() {
        @Override
        public void onNext(CheckResponse response) {
          call.answered(response.hasDeniedResponse(), notInspected(response));
        }

        @Override
        public void onError(Throwable t) {
          call.ended(true);
        }

        @Override
        public void onCompleted() {
          call.ended(false);
        }
      });
    }

    private CheckRequest next() {
      if (mix.equals("get")) {
        return get;
      }
      int draw = random.nextInt(100);
      if (draw < 60) {
        return get;
      }
      if (draw < 80) {
        return form;
      }
      if (draw < 95) {
        return json;
      }
      return attacks.get(random.nextInt(attacks.size()));
    }

    private static CheckRequest check(String method, String path, String contentType, byte[] body) {
      AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
          .setId("5b1f0c52-7c3e-4d7b-9f0e-2a6c1e8d4b90")
          .setMethod(method)
          .setPath(path)
          .setHost("shop.example.org")
          .setScheme("http")
          .setProtocol("HTTP/1.1")
          .putHeaders(":authority", "shop.example.org")
          .putHeaders(":path", path)
          .putHeaders(":method", method)
          .putHeaders(":scheme", "http")
          .putHeaders("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
          .putHeaders("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
          .putHeaders("accept-language", "en-US,en;q=0.5")
          .putHeaders("accept-encoding", "gzip, deflate, br")
          .putHeaders("referer", "https://shop.example.org/catalog")
          .putHeaders("cookie", "session=7f3a9c2e51b04d8f; theme=dark")
          .putHeaders("x-request-id", "5b1f0c52-7c3e-4d7b-9f0e-2a6c1e8d4b90")
          .putHeaders("x-forwarded-proto", "http");
      if (body != null) {
        http.putHeaders("content-type", contentType)
            .putHeaders("content-length", Integer.toString(body.length))
            .setSize(body.length)
            .setRawBody(ByteString.copyFrom(body));
      }
      return CheckRequest.newBuilder()
          .setAttributes(AttributeContext.newBuilder()
              .setSource(peer("10.20.3.17", 48122, "spiffe://cluster.local/ns/shop/sa/frontend"))
              .setDestination(peer("10.20.5.9", 8080, "spiffe://cluster.local/ns/shop/sa/catalog"))
              .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
              .putContextExtensions("meshward.workload", "shop/catalog")
              .putContextExtensions("meshward.mode", "ENFORCE")
              .putContextExtensions("meshward.profile", "default"))
          .build();
    }

    private static AttributeContext.Peer peer(String ip, int port, String principal) {
      return AttributeContext.Peer.newBuilder()
          .setAddress(Address.newBuilder().setSocketAddress(
              SocketAddress.newBuilder().setAddress(ip).setPortValue(port)))
          .setPrincipal(principal)
          .build();
    }
  }

  private WafFilterLoad() {}
}
