/**
 * The built-in DLP sensor library: {@code DlpSensor} documents shipped as a resource of this module, read with the
 * policy reader, so that the library and an operator's sensors are one format, checked by one reader.
 */
package io.meshward.policy.dlp;
