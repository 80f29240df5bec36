package io.meshward.waf.crstest;

import io.meshward.waf.Interruption;
import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one stage in-process: go-ftw's request bytes, the emulated web server, the WAF transaction, the emulated
 * backend, and back. In CRS's set-up the WAF only detects (DetectionOnly), so it never changes the response; when
 * it does interrupt (a body over its limit with Reject), the client gets the interruption's status.
 *
 * <p>The order of calls is the one a server module makes: connection, request line (the raw target, the method,
 * the protocol as the server reports it), the headers as the server kept them, phase 1; the body and phase 2; the
 * backend's status and headers, phase 3; its body and phase 4; phase 5. Strings handed to the engine carry one char
 * per byte (ISO-8859-1).
 */
final class StageExecutor {
  static final int CLIENT_PORT = 54321;
  static final String SERVER_ADDRESS = "127.0.0.1";

  private final Supplier<Transaction> transactions;
  private final String clientAddress;

  /**
   * @param transactions a new WAF transaction per call
   * @param clientAddress the client address the WAF sees (REMOTE_ADDR)
   */
  StageExecutor(Supplier<Transaction> transactions, String clientAddress) {
    this.transactions = transactions;
    this.clientAddress = clientAddress;
  }

  StageOutcome execute(FtwStage stage) {
    return execute(stage, FtwTestFile.Format.V4);
  }

  /** Runs the stage of a test in the given format (the format decides details of go-ftw's request). */
  StageOutcome execute(FtwStage stage, FtwTestFile.Format format) {
    byte[] request = FtwRequestBuilder.build(stage.input(), format);
    List<String> notes = new ArrayList<>();
    if (FtwRequestBuilder.templateFailed(stage.input())) {
      notes.add("the data field is not a valid Go template: go-ftw sends the request without a body");
    }
    ServerDecision decision = HttpServerEmulator.receive(request);
    return switch (decision.kind()) {
      case REJECTED -> {
        notes.add("the web server answered " + decision.status() + " itself: " + decision.reason());
        yield new StageOutcome(request, decision, false, HttpResponse.error(decision.status()), null, List.of(),
            notes);
      }
      case NO_RESPONSE -> new StageOutcome(request, decision, false, null, decision.reason(), List.of(), notes);
      case ACCEPTED -> throughWaf(request, decision, stage.input().effectivePort(), notes);
    };
  }

  private StageOutcome throughWaf(byte[] raw, ServerDecision decision, int serverPort, List<String> notes) {
    ParsedRequest request = decision.request();
    HttpResponse response = null;
    String clientError = null;
    List<String> log = new ArrayList<>();
    try (Transaction tx = transactions.get()) {
      tx.processConnection(clientAddress, CLIENT_PORT, SERVER_ADDRESS, serverPort);
      tx.processUri(request.target(), request.method(), request.protocol());
      for (HeaderField header : request.headers()) {
        tx.addRequestHeader(header.name(), header.value());
      }
      Optional<Interruption> interruption = tx.processRequestHeaders();
      if (interruption.isEmpty() && request.statusAfterPhase1() != 0) {
        notes.add("the web server answered " + request.statusAfterPhase1()
            + " after the request-headers phase (a target scheme other than http/https)");
        response = HttpResponse.error(request.statusAfterPhase1());
      } else if (interruption.isEmpty() && request.bodyProblem() != null) {
        notes.add("after the request-headers phase: " + request.bodyProblem());
        if (request.bodyProblem().contains("never ends") || request.bodyProblem().contains("keeps waiting")) {
          clientError = "timed out: " + request.bodyProblem();
        } else {
          response = HttpResponse.error(400);
        }
      } else if (interruption.isEmpty()) {
        byte[] body = request.body();
        if (body.length > 0) {
          interruption = tx.appendRequestBody(body, 0, body.length);
        }
        if (interruption.isEmpty()) {
          interruption = tx.processRequestBody();
        }
      }
      if (interruption.isPresent()) {
        response = interrupted(interruption.get(), notes);
        clientError = response == null ? "the connection was dropped by the WAF" : null;
      } else if (response == null && clientError == null) {
        response = AlbedoBackend.respond(request);
        if (response == null) {
          clientError = "the backend dropped the connection";
        } else {
          for (HeaderField header : response.headers()) {
            tx.addResponseHeader(header.name(), header.value());
          }
          interruption = tx.processResponseHeaders(response.status(), "HTTP/1.1");
          if (interruption.isEmpty() && response.body().length > 0) {
            interruption = tx.appendResponseBody(response.body(), 0, response.body().length);
          }
          if (interruption.isEmpty()) {
            interruption = tx.processResponseBody();
          }
          if (interruption.isPresent()) {
            response = interrupted(interruption.get(), notes);
            clientError = response == null ? "the connection was dropped by the WAF" : null;
          }
        }
      }
      if (request.simpleRequest() && clientError == null) {
        clientError = "an HTTP/0.9 request is answered without a status line";
      }
      tx.processLogging();
      for (MatchedRule rule : tx.matchedRules()) {
        if (rule.log()) {
          log.add(rule.errorLogLine());
        }
      }
      // An engine error is never a pass: the stage records it, and the log line makes every assertion see it.
      tx.engineError().ifPresent(error -> {
        notes.add("ENGINE ERROR: " + error);
        log.add("[meshward] engine error: " + error);
      });
    }
    return new StageOutcome(raw, decision, true, clientError == null ? response : null, clientError, log, notes);
  }

  private static HttpResponse interrupted(Interruption interruption, List<String> notes) {
    notes.add("the WAF interrupted the transaction: " + interruption.action() + " with status "
        + interruption.status() + (interruption.ruleId() == 0 ? " (an engine limit)" : " (rule "
        + interruption.ruleId() + ")"));
    return switch (interruption.action()) {
      case "drop" -> null;
      case "redirect" -> new HttpResponse(interruption.status() == 0 ? 302 : interruption.status(),
          List.of(new HeaderField("Location", interruption.data())), new byte[0]);
      default -> HttpResponse.error(interruption.status() == 0 ? 403 : interruption.status());
    };
  }
}
