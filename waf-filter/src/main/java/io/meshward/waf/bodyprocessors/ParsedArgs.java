package io.meshward.waf.bodyprocessors;

import java.util.List;

/**
 * The arguments of a query string (ARGS_GET) or of a URL-encoded body.
 *
 * @param args name/value pairs in the order they appear, url-decoded
 * @param invalidEncoding whether some {@code %} was not followed by two hex digits (ModSecurity's URLENCODED_ERROR);
 *     such a {@code %} is kept as it is
 * @param limitExceeded whether arguments were dropped because the arguments limit was reached
 */
public record ParsedArgs(List<NamedValue> args, boolean invalidEncoding, boolean limitExceeded) {
  public ParsedArgs {
    args = List.copyOf(args);
  }
}
