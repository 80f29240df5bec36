package io.meshward.waf.service.metrics;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * waf-filter's small HTTP port for operators: {@code /metrics} (Prometheus text) and {@code /healthz}. Separate
 * from the gRPC port so that a scraper needs no gRPC, and so that it can bind elsewhere (default loopback 9192).
 */
public final class AdminHttpServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 9192;

  private final Javalin app;

  public AdminHttpServer(PrometheusMeterRegistry metrics, BooleanSupplier serving) {
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.scrape()));
      config.routes.get("/healthz", ctx -> {
        boolean up = serving.getAsBoolean();
        ctx.status(up ? 200 : 503).contentType("application/json")
            .result(up ? "{\"status\":\"ok\"}" : "{\"status\":\"stopping\"}");
      });
    });
  }

  public AdminHttpServer start(InetSocketAddress address) {
    app.start(address.getHostString(), address.getPort());
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
