/**
 * Loading DLP sensors: DlpSensor documents from files, combined with the built-in library (a document replaces the
 * built-in of its name), compiled at once so that a broken set is refused whole, and the sensors of each WAF profile
 * resolved by name. Nothing here is wired into the inspection services yet; they take a {@link
 * io.meshward.waf.dlp.DlpEngine} from here.
 */
package io.meshward.waf.dlp.load;
