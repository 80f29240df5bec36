package io.meshward.waf.service.respond;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.waf.service.inspect.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of a denial: {@code {"status":403,"error":"forbidden","request_id":"...","rule_ids":[942100,...]}}
 * (plus {@code "reason"} when inspection failed). Nothing of the request is echoed: an attacker learns the rules
 * that fired, which CRS publishes anyway, and an operator can find the request by its id.
 */
public final class DenialBody {
  public static final String CONTENT_TYPE = "application/json";
  private final ObjectMapper json;

  public DenialBody(ObjectMapper json) {
    this.json = json;
  }

  public String of(Verdict verdict) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", verdict.status());
    body.put("error", switch (verdict.reason()) {
      case BODY_TOO_LARGE -> "payload too large";
      case NOT_INSPECTED -> "not inspected";
      default -> "forbidden";
    });
    body.put("request_id", verdict.requestId());
    body.put("rule_ids", verdict.findings().ruleIds());
    if (!verdict.findings().dlp().isEmpty()) {
      // Sensor names only: the client learns what kind of data was refused, never the value.
      body.put("dlp_sensors", verdict.findings().dlp().stream().map(f -> f.sensor()).distinct().toList());
    }
    verdict.failure().ifPresent(failure -> body.put("reason", failure.label()));
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // Only numbers and fixed words go in: this cannot happen, and a denial must still say something.
      return "{\"status\":" + verdict.status() + "}";
    }
  }
}
