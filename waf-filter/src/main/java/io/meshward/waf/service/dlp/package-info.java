/**
 * DLP on responses as ext_proc sees them: the response headers, and the body whole (BUFFERED) or in chunks
 * (STREAMED), decompressed within bounds when it is gzip or deflate, masked in ENFORCE by the sensors whose action
 * is mask. Findings carry sensor names, locations and masked samples only.
 */
package io.meshward.waf.service.dlp;
