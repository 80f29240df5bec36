package io.meshward.waf.bodyprocessors;

/**
 * The flags the multipart processor sets, each a SecLang variable holding 0 or 1 (ModSecurity's multipart.cc
 * semantics). A multipart result holds every one of them.
 */
public enum MultipartFlag {
  /**
   * 1 when any of the flags below except UNMATCHED_BOUNDARY and CRLF_LF_LINES is 1, or when parsing failed
   * (REQBODY_PROCESSOR_ERROR), as the ModSecurity reference manual defines it.
   */
  STRICT_ERROR("MULTIPART_STRICT_ERROR"),
  /** The boundary parameter of the Content-Type header was quoted. */
  BOUNDARY_QUOTED("MULTIPART_BOUNDARY_QUOTED"),
  /** Whitespace around the {@code =} of the boundary parameter. */
  BOUNDARY_WHITESPACE("MULTIPART_BOUNDARY_WHITESPACE"),
  /** Data (a preamble) before the first boundary. */
  DATA_BEFORE("MULTIPART_DATA_BEFORE"),
  /** Data (an epilogue) after the final boundary. */
  DATA_AFTER("MULTIPART_DATA_AFTER"),
  /** A part header was folded onto a following line. */
  HEADER_FOLDING("MULTIPART_HEADER_FOLDING"),
  /** A boundary or part header line ended with a bare LF. */
  LF_LINE("MULTIPART_LF_LINE"),
  /** No semicolon between {@code multipart/form-data} and the boundary parameter. */
  MISSING_SEMICOLON("MULTIPART_MISSING_SEMICOLON"),
  /** Alias of MISSING_SEMICOLON, the name ModSecurity v2 documents. */
  SEMICOLON_MISSING("MULTIPART_SEMICOLON_MISSING"),
  /** A single quote used for quoting, or inside a name or filename, in Content-Disposition. */
  INVALID_QUOTING("MULTIPART_INVALID_QUOTING"),
  /** A part was dropped: no usable name, or broken part headers. */
  INVALID_PART("MULTIPART_INVALID_PART"),
  /** Header folding that used whitespace other than SP and HTAB. */
  INVALID_HEADER_FOLDING("MULTIPART_INVALID_HEADER_FOLDING"),
  /** More file parts than the file limit. */
  FILE_LIMIT_EXCEEDED("MULTIPART_FILE_LIMIT_EXCEEDED"),
  /** A line that looked like a boundary (starts with {@code --}, or holds {@code --boundary}) but was not one. */
  UNMATCHED_BOUNDARY("MULTIPART_UNMATCHED_BOUNDARY"),
  /** Both CRLF and bare-LF lines were seen. */
  CRLF_LF_LINES("MULTIPART_CRLF_LF_LINES");

  private final String variable;

  MultipartFlag(String variable) {
    this.variable = variable;
  }

  /** The SecLang variable name. */
  public String variable() {
    return variable;
  }
}
