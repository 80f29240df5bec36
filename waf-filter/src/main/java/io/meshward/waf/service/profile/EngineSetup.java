package io.meshward.waf.service.profile;

import java.util.stream.Collectors;

/**
 * The SecLang loaded before CRS for one set of {@link EngineSettings}: what a ModSecurity installation puts in its
 * {@code modsecurity.conf} and {@code crs-setup.conf}, written for a service that sits behind Envoy.
 */
final class EngineSetup {
  /**
   * The engine's own body limits sit far above any profile's: the service cuts bodies to the profile's limit before
   * the engine sees them, so the engine never has to decide (and one engine serves profiles with different limits).
   */
  static final int ENGINE_BODY_LIMIT = 256 * 1024 * 1024;

  private EngineSetup() {}

  static String text(EngineSettings settings) {
    String methods = String.join(" ", settings.allowedMethods());
    String types = settings.allowedContentTypes().stream().map(t -> "|" + t + "|").collect(Collectors.joining(" "));
    return """
        # meshward waf-filter: engine set-up (generated from the profile)
        SecRuleEngine On
        SecRequestBodyAccess On
        SecRequestBodyLimit %1$d
        SecRequestBodyNoFilesLimit %1$d
        SecRequestBodyLimitAction ProcessPartial
        SecRequestBodyJsonDepthLimit 512
        SecArgumentsLimit 1000
        SecResponseBodyAccess On
        SecResponseBodyMimeType text/plain text/html text/xml application/json application/xml application/problem+json
        SecResponseBodyLimit %1$d
        SecResponseBodyLimitAction ProcessPartial

        # JSON and XML bodies are parsed (the rules every ModSecurity installation carries).
        SecRule REQUEST_HEADERS:Content-Type "@rx ^(?:application(?:/soap\\+|/)|text/)xml" \\
            "id:200000,phase:1,pass,nolog,t:none,t:lowercase,ctl:requestBodyProcessor=XML"
        SecRule REQUEST_HEADERS:Content-Type "@rx ^application/(?:[a-z0-9.+-]+\\+)?json" \\
            "id:200001,phase:1,pass,nolog,t:none,t:lowercase,ctl:requestBodyProcessor=JSON"

        # A body that does not parse (JSON nested past the depth limit, broken XML) or a multipart body that only a
        # lenient parser accepts scores as a critical finding instead of denying on its own: the decision stays the
        # anomaly threshold's, so MONITOR reports it and ENFORCE denies it like any other attack.
        SecRule REQBODY_ERROR "!@eq 0" \\
            "id:200002,phase:2,pass,log,t:none,severity:2,msg:'Request body could not be parsed',\\
            setvar:'tx.inbound_anomaly_score_pl1=+%%{tx.critical_anomaly_score}'"
        SecRule MULTIPART_STRICT_ERROR "!@eq 0" \\
            "id:200003,phase:2,pass,log,t:none,severity:2,msg:'Multipart body breaks strict multipart syntax',\\
            setvar:'tx.inbound_anomaly_score_pl1=+%%{tx.critical_anomaly_score}'"

        # The profile's CRS parameters (what crs-setup.conf's 900000/900110/900200/900220 would set).
        SecAction "id:10001,phase:1,pass,nolog,t:none,\\
            setvar:tx.blocking_paranoia_level=%2$d,\\
            setvar:tx.inbound_anomaly_score_threshold=%3$d,\\
            setvar:tx.outbound_anomaly_score_threshold=%4$d,\\
            setvar:'tx.allowed_methods=%5$s',\\
            setvar:'tx.allowed_request_content_type=%6$s'"
        """.formatted(ENGINE_BODY_LIMIT, settings.paranoiaLevel(), settings.inboundThreshold(),
        settings.outboundThreshold(), methods, types);
  }
}
