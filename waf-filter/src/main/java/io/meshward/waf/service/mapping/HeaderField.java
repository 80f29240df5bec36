package io.meshward.waf.service.mapping;

/**
 * A request header as the engine sees it: name case kept, value one char per byte (ISO-8859-1), since CRS's
 * patterns match bytes.
 */
public record HeaderField(String name, String value) {}
